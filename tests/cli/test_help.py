"""Help and unknown verbs, as a person meets them: `--help` on every group and every verb shows
that command's own examples (never the global ones again), and a mistyped verb is answered with
the verbs that exist and the closest one. The verbs are read from the help itself, so a verb added
without examples fails here."""
import re

from harness import CliTest


def subcommands(help_text):
    """The names under "Subcommands:" in CLI11's help."""
    if "Subcommands:" not in help_text:
        return []
    block = help_text.split("Subcommands:", 1)[1]
    names = []
    for line in block.splitlines()[1:]:
        m = re.match(r"^  (\S+)\s", line + " ")
        if not m:
            break
        names.append(m.group(1))
    return names


GLOBAL_OPTIONS = {"--db": 2, "--operator": 2, "-q": 1, "--quiet": 1}


def command_of(example):
    """An example's words without the global options that may stand before the verb."""
    words = example.split()
    rest = words[1:]
    while rest and rest[0] in GLOBAL_OPTIONS:
        rest = rest[GLOBAL_OPTIONS[rest[0]]:]
    return " ".join(words[:1] + rest)


def examples(help_text):
    """The command lines of the "Examples:" section: its indented lines, with the continuation
    lines of a backslash joined on."""
    if "\nExamples:\n" not in help_text:
        return None
    lines = []
    for line in help_text.split("\nExamples:\n", 1)[1].splitlines():
        if not line.startswith("  "):
            break
        if lines and lines[-1].endswith("\\"):
            lines[-1] = lines[-1][:-1] + line.strip()
        else:
            lines.append(line.strip())
    return lines


class Help(CliTest):
    def help(self, *path):
        return self.ok(*path, "--help", db=False).out

    def global_examples(self):
        return examples(self.help())

    def every_command(self):
        """Every group and verb, as a path of names, walked from `clusteratlas --help`."""
        found = []
        todo = [[name] for name in subcommands(self.help())]
        while todo:
            path = todo.pop(0)
            found.append(path)
            todo += [path + [name] for name in subcommands(self.help(*path))]
        return found

    def test_every_group_and_verb_shows_its_own_examples(self):
        top = self.global_examples()
        self.assertTrue(top, "the global help has examples")
        commands = self.every_command()
        groups = [p for p in commands if len(p) == 1 and subcommands(self.help(*p))]
        # The groups people reach for first are found, so the walk itself works.
        for group in (["import"], ["cluster"], ["zone"], ["enterprise"], ["systems"], ["runs"]):
            self.assertIn(group, groups)
        self.assertIn(["cluster", "list"], commands)
        for path in commands:
            with self.subTest(command=" ".join(path)):
                text = self.help(*path)
                lines = examples(text)
                self.assertTrue(lines, f"no 'Examples:' section in:\n{text}")
                prefix = "clusteratlas " + " ".join(path)
                for line in lines:
                    command = command_of(line)
                    self.assertTrue(command == prefix or command.startswith(prefix + " "),
                                    f"example '{line}' is not a '{prefix}' command")
                for line in top:
                    self.assertNotIn(line, lines, "the global examples are repeated")

    def test_the_global_help_keeps_the_global_examples(self):
        text = self.help()
        self.assertIn("clusteratlas stats --by province", text)
        self.assertIn("Exit codes:", text)


class UnknownVerbs(CliTest):
    def test_a_mistyped_verb_names_the_closest_and_every_verb(self):
        r = self.fails(1, "evalute", db=False)
        line = r.err.strip()
        self.assertIn("unknown verb 'evalute' (did you mean 'evaluate'?); verbs: ", line)
        verbs = line.split("verbs: ", 1)[1].split(", ")
        self.assertEqual(verbs, subcommands(self.ok("--help", db=False).out))
        self.assertEqual(r.out, "")

    def test_a_mistyped_verb_of_a_group(self):
        r = self.fails(1, "cluster", "lst", db=False)
        line = r.err.strip()
        self.assertIn("unknown verb 'lst' of cluster (did you mean 'list'?); verbs of cluster: ",
                      line)
        verbs = line.split("verbs of cluster: ", 1)[1].split(", ")
        self.assertEqual(verbs, subcommands(self.ok("cluster", "--help", db=False).out))

    def test_options_after_a_mistyped_verb_do_not_hide_it(self):
        r = self.fails(1, "cluster", "lst", "--province", "湖北", db=False)
        self.assertIn("unknown verb 'lst' of cluster (did you mean 'list'?)", r.err)

    def test_nothing_close_lists_the_verbs_only(self):
        r = self.fails(1, "zzzzzzzz", db=False)
        self.assertRegex(r.err.strip(), r"unknown verb 'zzzzzzzz'; verbs: init, ")

    def test_a_missing_verb_lists_the_verbs(self):
        self.assertIn("a verb is required; verbs: init, ", self.fails(1, db=False).err)
        r = self.fails(1, "zone", db=False)
        self.assertIn("zone needs a verb; verbs of zone: add, list, show", r.err)
