package dev.steward.cli.admin;

import picocli.CommandLine.Command;

@Command(name = "projects", description = {"Apply, list, show, move and delete projects:",
        "ordered lists of modules run one after another on each target agent ('steward jobs run --project NAME')."},
        subcommands = {ProjectsCommand.Apply.class, ProjectsCommand.ListProjects.class, ProjectsCommand.Show.class,
                ProjectsCommand.Move.class, ProjectsCommand.Delete.class})
public final class ProjectsCommand {
    private static final Composites.Kind KIND = Composites.Kind.PROJECT;

    @Command(name = "apply", description = "Create or update a project from a YAML file (name, description, modules).")
    static final class Apply extends Composites.Apply {
        Apply() {
            super(KIND);
        }
    }

    @Command(name = "list", description = "List projects.")
    static final class ListProjects extends Composites.ListAll {
        ListProjects() {
            super(KIND);
        }
    }

    @Command(name = "show", description = "Show a project and its modules in order.")
    static final class Show extends Composites.Show {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "move", description = "Move a project to another module folder.")
    static final class Move extends Composites.Move {
        Move() {
            super(KIND);
        }
    }

    @Command(name = "delete", description = "Delete a project.")
    static final class Delete extends Composites.Delete {
        Delete() {
            super(KIND);
        }
    }
}
