"""Tests of the mutant catalogue: python3 -m unittest discover -s tools/mutate"""

import unittest

from catalogue import mask, mutants_of

SOURCE = """namespace X;

public sealed class C
{
    [Models("mm/page-writeback.c", "wbc_end", "6.9")]
    private const int Shift = 12;

    public int F(Page page, int error, List<Page> pages)
    {
        // a comment: if (a < b && c) never mutated
        Bug.On(error > 0, "f", $"error {error} > 0 && worse");
        var left = pages.Count;
        if (page is null || left <= 1)
        {
            return left >> Shift;
        }

        page.Dirty = true;
        Notify(page, x => x.Index);
        return 0;
    }
}
"""


class CatalogueTests(unittest.TestCase):
    def setUp(self):
        self.mutants = mutants_of("Model/X.cs", SOURCE)

    def edits(self, operator):
        return [(m.line, m.original, m.replacement) for m in self.mutants if m.operator == operator]

    def test_comparisons_flip_and_generics_shifts_and_lambdas_are_left_alone(self):
        self.assertEqual(
            [(11, ">", ">="), (13, "<=", "<"), (13, "is null", "is not null")],
            self.edits("flip-comparison"))

    def test_logical_operators_swap_outside_strings_and_comments(self):
        self.assertEqual([(13, "||", "&&")], self.edits("swap-logical"))

    def test_whole_statements_are_deleted_but_not_declarations_or_returns(self):
        self.assertEqual([11, 18, 19], [line for line, _, _ in self.edits("delete-statement")])

    def test_constants_change_by_one_and_booleans_flip_but_not_const_declarations(self):
        self.assertEqual(
            [(11, "0", "1"), (13, "1", "2"), (13, "1", "0"), (18, "true", "false"), (20, "0", "1")],
            self.edits("constant-by-one"))

    def test_a_mutant_applies_to_its_line_only_and_refuses_a_changed_file(self):
        flip = next(m for m in self.mutants if m.operator == "flip-comparison" and m.line == 13)
        mutated = flip.apply(SOURCE).split("\n")
        self.assertEqual("        if (page is null || left < 1)", mutated[12])
        self.assertEqual(SOURCE.split("\n")[:12], mutated[:12])
        with self.assertRaises(ValueError):
            flip.apply(SOURCE.replace("left <= 1", "left <= 2"))

    def test_a_deleted_statement_leaves_a_comment_in_its_place(self):
        delete = next(m for m in self.mutants if m.operator == "delete-statement" and m.line == 18)
        self.assertEqual("        // (deleted by mutation)", delete.apply(SOURCE).split("\n")[17])

    def test_keys_do_not_depend_on_the_line_number(self):
        moved = mutants_of("Model/X.cs", "\n\n" + SOURCE)
        self.assertEqual([m.key for m in self.mutants], [m.key for m in moved])
        self.assertEqual(len(set(m.key for m in self.mutants)), len(self.mutants))

    def test_masking_blanks_strings_chars_and_comments_but_keeps_their_length(self):
        line = 'f("a < b", \'<\', @"x "" y", $"{a && b}") // c && d'
        masked, open_comment = mask(line, False)
        self.assertEqual(len(line), len(masked))
        self.assertNotIn("<", masked)
        self.assertNotIn("&&", masked)
        self.assertFalse(open_comment)


class RepeatedLineTests(unittest.TestCase):
    def test_identical_lines_give_mutants_with_keys_of_their_own(self):
        source = "class C\n{\n    void F()\n    {\n        Release(batch);\n        Release(batch);\n    }\n}\n"
        found = [m for m in mutants_of("X.cs", source) if m.operator == "delete-statement"]
        self.assertEqual([m.line for m in found], [5, 6])
        self.assertEqual([m.key for m in found], ["X.cs|Release(batch);|delete", "X.cs|Release(batch);|delete#2"])


if __name__ == "__main__":
    unittest.main()
