package dev.steward.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.protocol.ModuleSpec;
import dev.steward.protocol.OnError;
import dev.steward.server.http.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleFileParserTest {

    @Test
    void readsTheDocumentedExample() throws Exception {
        ModuleSpec spec = ModuleFileParser.parse(Files.readString(Path.of("../examples/hello.yaml")));
        assertThat(spec.name()).isEqualTo("hello");
        assertThat(spec.tasks()).hasSize(2);
        assertThat(spec.tasks().get(0).command()).containsExactly("sh", "-c", "echo hello from $(hostname)");
        assertThat(spec.tasks().get(0).timeoutSeconds()).isEqualTo(30);
        assertThat(spec.tasks().get(1).script()).isEqualTo("echo line one\necho line two\n");
        assertThat(spec.tasks().get(1).interpreter()).isEqualTo("sh");
        assertThat(spec.tasks().get(1).onError()).isEqualTo(OnError.CONTINUE);
        assertThat(spec.tasks().get(1).timeoutSeconds()).isEqualTo(600);
    }

    @Test
    void appliesDefaults() {
        ModuleSpec spec = ModuleFileParser.parse("name: m\ntasks:\n  - name: t\n    command: [true]\n");
        assertThat(spec.tasks().get(0).onError()).isEqualTo(OnError.STOP);
        assertThat(spec.tasks().get(0).timeoutSeconds()).isEqualTo(600);
        assertThat(spec.tasks().get(0).env()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not yaml            | 'name: [unclosed'                                                      | -                 | not valid YAML
            not a mapping       | '- a\n- b'                                                             | -                 | expected a mapping
            missing name        | 'tasks:\n  - name: t\n    command: [x]'                                | name              | is required
            bad name            | 'name: "has space"\ntasks:\n  - name: t\n    command: [x]'             | name              | letters, digits
            unknown field       | 'name: m\nowner: me\ntasks:\n  - name: t\n    command: [x]'            | owner             | unknown field
            no tasks            | 'name: m\ntasks: []'                                                   | tasks             | non-empty list
            both kinds          | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    script: y'        | tasks[0]          | exactly one of
            neither kind        | 'name: m\ntasks:\n  - name: t'                                         | tasks[0]          | exactly one of
            command not list    | 'name: m\ntasks:\n  - name: t\n    command: ls -l'                     | tasks[0].command  | non-empty list
            bad timeout         | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    timeout: soon'    | tasks[0].timeout  | like 30s
            huge timeout        | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    timeout: 9d'      | tasks[0].timeout  | between 1s and 24h
            bad on_error        | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    on_error: maybe'  | tasks[0].on_error | 'stop' or 'continue'
            interpreter+command | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    interpreter: sh'  | tasks[0].interpreter | only applies
            duplicate tasks     | 'name: m\ntasks:\n  - name: t\n    command: [x]\n  - name: t\n    command: [y]' | tasks[1].name | unique
            bad env name        | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    env:\n      1X: y'| tasks[0].env.1X   | environment variable
            control in name     | 'name: m\ntasks:\n  - name: "a\\tb"\n    command: [x]'                 | tasks[0].name     | control characters
            task unknown field  | 'name: m\ntasks:\n  - name: t\n    command: [x]\n    retries: 3'       | tasks[0].retries  | unknown field
            """)
    void namesTheFieldAndWhatIsExpected(String label, String yaml, String field, String expected) {
        assertThatThrownBy(() -> ModuleFileParser.parse(yaml.replace("\\n", "\n")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field.equals("-") ? null : field);
                    assertThat(e.getMessage()).contains(expected);
                    if (!field.equals("-")) {
                        assertThat(e.getMessage()).startsWith(field + ": ");
                    }
                });
    }
}
