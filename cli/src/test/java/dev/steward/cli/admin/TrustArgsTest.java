package dev.steward.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.cli.UserError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrustArgsTest {

    private static Map<String, Object> body(String... args) {
        TrustsCommand.TrustArgs trust = new TrustsCommand.TrustArgs();
        new CommandLine(trust).parseArgs(args);
        return trust.body();
    }

    @Test
    void shorthandSplitsKindFromReferenceAtTheFirstColon() {
        assertThat(body("team:acme-web", "module_folder:/Acme/Web")).containsExactly(
                Map.entry("holder_kind", "team"), Map.entry("holder", "acme-web"),
                Map.entry("target_kind", "module_folder"), Map.entry("target", "/Acme/Web"));
        assertThat(TrustsCommand.node("resource:a:b", "target")).isEqualTo(new TrustsCommand.Node("resource", "a:b"));
    }

    @Test
    void optionsGiveTheSameBody() {
        assertThat(body("--holder-kind", "team", "--holder", "acme-web", "--target-kind", "module_folder", "--target", "/Acme/Web"))
                .isEqualTo(body("team:acme-web", "module_folder:/Acme/Web"));
    }

    @Test
    void shorthandRefusesWhatIsNotKindColonReference() {
        assertThatThrownBy(() -> body("acme-web", "module:deploy")).isInstanceOf(UserError.class)
                .hasMessageContaining("holder 'acme-web' is not KIND:REF");
        assertThatThrownBy(() -> body("team:acme-web", "folder:/Acme")).hasMessageContaining("target kind 'folder' is not one of")
                .hasMessageContaining("module_folder");
        assertThatThrownBy(() -> body("team:", "module:deploy")).hasMessageContaining("holder: name the team");
        assertThatThrownBy(() -> body("team:acme-web")).hasMessageContaining("name the holder and the target");
    }

    @Test
    void bothFormsAtOnceOrAnIncompleteOptionFormAreUsageErrors() {
        assertThatThrownBy(() -> body("team:acme-web", "module:deploy", "--holder", "x"))
                .isInstanceOf(UserError.class).hasMessageContaining("not both")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(2));
        assertThatThrownBy(() -> body("--holder-kind", "team", "--holder", "acme-web", "--target-kind", "module"))
                .hasMessageContaining("name the holder and the target");
        assertThatThrownBy(() -> body("--holder-kind", "teams", "--holder", "a", "--target-kind", "module", "--target", "m"))
                .hasMessageContaining("holder kind 'teams' is not one of");
    }

    @Test
    void theCommandRefusesBadArgumentsBeforeConnecting() {
        Cli result = Cli.run("trusts", "add", "team:acme-web");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("steward: error: name the holder and the target");
        Cli remove = Cli.run("trusts", "remove", "team=acme-web", "module:deploy");
        assertThat(remove.exitCode()).isEqualTo(2);
        assertThat(remove.err()).contains("holder 'team=acme-web' is not KIND:REF");
    }

    @Test
    void explainNeedsExactlyOneObject() {
        for (List<String> args : List.of(List.of("trusts", "explain", "--agent", "a"),
                List.of("trusts", "explain", "--agent", "a", "--module", "m", "--resource", "r"))) {
            Cli result = Cli.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.err()).contains("exactly one of --module NAME and --resource NAME");
        }
    }
}
