package dev.steward.cli.admin;

import picocli.CommandLine.Command;

@Command(name = "runbooks", description = {"Apply, list, show, move and delete run books:",
        "ordered steps, each a module or project with its own targets, one step after another ('steward jobs run --runbook NAME')."},
        subcommands = {RunbooksCommand.Apply.class, RunbooksCommand.ListRunbooks.class, RunbooksCommand.Show.class,
                RunbooksCommand.Move.class, RunbooksCommand.Delete.class})
public final class RunbooksCommand {
    private static final Composites.Kind KIND = Composites.Kind.RUNBOOK;

    @Command(name = "apply", description = "Create or update a run book from a YAML file (name, description, steps).")
    static final class Apply extends Composites.Apply {
        Apply() {
            super(KIND);
        }
    }

    @Command(name = "list", description = "List run books.")
    static final class ListRunbooks extends Composites.ListAll {
        ListRunbooks() {
            super(KIND);
        }
    }

    @Command(name = "show", description = "Show a run book and its steps in order.")
    static final class Show extends Composites.Show {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "move", description = "Move a run book to another module folder.")
    static final class Move extends Composites.Move {
        Move() {
            super(KIND);
        }
    }

    @Command(name = "delete", description = "Delete a run book.")
    static final class Delete extends Composites.Delete {
        Delete() {
            super(KIND);
        }
    }
}
