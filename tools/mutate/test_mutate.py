"""Tests of the runner's pure parts: python3 -m unittest discover -s tools/mutate"""

import json
import tempfile
import time
import unittest
from dataclasses import asdict
from pathlib import Path

import mutate
from catalogue import Mutant


def mutant(line: int) -> Mutant:
    return Mutant("Model/Wbcheck.Model/X.cs", line, 4, "flip-comparison", "<", "<=", f"a{line} < b", 0)


class SelectTests(unittest.TestCase):
    def test_parts_share_the_mutants_out_without_overlap_or_gap(self):
        every = [mutant(n) for n in range(1, 12)]
        parts = [mutate.select(every, None, 1, (i, 3)) for i in range(3)]
        self.assertEqual(sorted(m.line for p in parts for m in p), list(range(1, 12)))
        self.assertEqual([m.line for m in parts[1]], [2, 5, 8, 11])

    def test_a_sample_is_the_same_for_the_same_seed_and_kept_in_file_order(self):
        every = [mutant(n) for n in range(1, 50)]
        first = mutate.select(every, 10, 21)
        self.assertEqual(first, mutate.select(every, 10, 21))
        self.assertEqual([m.line for m in first], sorted(m.line for m in first))
        self.assertNotEqual(first, mutate.select(every, 10, 22))


def mutant_in(path: str, line: int) -> Mutant:
    return Mutant(f"Model/Wbcheck.Model/{path}", line, 4, "flip-comparison", "<", "<=", f"a{line} < b", 0)


class StratifiedTests(unittest.TestCase):
    def population(self) -> list[Mutant]:
        return ([mutant_in("Mm/A.cs", n) for n in range(60)] + [mutant_in("Mm/B.cs", n) for n in range(30)]
                + [mutant_in("Fs/C.cs", n) for n in range(10)])

    def test_each_stratum_gets_its_proportional_share_and_the_counts_add_up(self):
        self.assertEqual(mutate.allocate({"a": 60, "b": 30, "c": 10}, 10), {"a": 6, "b": 3, "c": 1})
        self.assertEqual(mutate.allocate({"a": 5, "b": 5, "c": 1}, 4), {"a": 2, "b": 2, "c": 0})  # remainders .82, .82, .36
        self.assertEqual(sum(mutate.allocate({"a": 7, "b": 11, "c": 3}, 9).values()), 9)
        self.assertEqual(mutate.allocate({"a": 2, "b": 1}, 5), {"a": 2, "b": 1})  # never more than a stratum holds

    def test_a_folder_sample_draws_each_folder_in_proportion_and_the_same_seed_draws_the_same(self):
        chosen = mutate.select_stratified(self.population(), 20, 7, "folder")
        folders = [mutate.stratum_of(m, "folder") for m in chosen]
        self.assertEqual((folders.count("Mm"), folders.count("Fs")), (18, 2))
        self.assertEqual(len({m.key for m in chosen}), 20)
        self.assertEqual(chosen, mutate.select_stratified(self.population(), 20, 7, "folder"))
        self.assertNotEqual({m.key for m in chosen}, {m.key for m in mutate.select_stratified(self.population(), 20, 8, "folder")})

    def test_a_file_sample_is_stratified_by_file_and_comes_in_a_random_order(self):
        chosen = mutate.select_stratified(self.population(), 10, 7, "file")
        files = [m.path.rsplit("/", 1)[1] for m in chosen]
        self.assertEqual((files.count("A.cs"), files.count("B.cs"), files.count("C.cs")), (6, 3, 1))
        self.assertNotEqual(files, sorted(files, key=["A.cs", "B.cs", "C.cs"].index))  # seed 7 interleaves them

    def test_a_stratum_s_draw_does_not_depend_on_the_other_strata(self):
        alone = mutate.select_stratified([m for m in self.population() if m.path.endswith("A.cs")], 6, 7, "file")
        together = [m for m in mutate.select_stratified(self.population(), 10, 7, "file") if m.path.endswith("A.cs")]
        self.assertEqual({m.key for m in alone}, {m.key for m in together})

    def test_the_wilson_interval_matches_the_textbook_figures(self):
        low, high = mutate.wilson(8, 10)
        self.assertAlmostEqual(low, 0.4902, places=4)
        self.assertAlmostEqual(high, 0.9433, places=4)
        low, high = mutate.wilson(10, 10)
        self.assertAlmostEqual(low, 0.7225, places=4)
        self.assertEqual(high, 1.0)

    def test_the_report_weights_each_stratum_by_its_size_and_adds_the_census(self):
        frame = self.population()
        sample = ([mutate.Outcome(mutant_in("Mm/A.cs", n), "killed", "", 1.0) for n in range(9)]
                  + [mutate.Outcome(mutant_in("Mm/A.cs", 9), "survived", "", 1.0)]
                  + [mutate.Outcome(mutant_in("Fs/C.cs", n), "survived", "", 1.0) for n in range(2)])
        census = [mutate.Outcome(mutant_in("Fs/D.cs", n), "killed", "", 1.0) for n in range(10)]
        text = mutate.stratified_report(frame, census, sample, "folder")
        self.assertIn("| Fs | 10 | 2 | 0 | 0 | 0 | 2 | 0.0% |", text)
        self.assertIn("| Mm | 90 | 10 | 0 | 0 | 9 | 1 | 90.0% |", text)
        # (10 census kills + 90 * 0.9 + 10 * 0) / (10 + 90 + 10)
        self.assertIn("estimated killed share 82.7%", text)


class DrawnAtTests(unittest.TestCase):
    BEFORE = "class X\n{\n    void F()\n    {\n        if (a < b)\n        {\n            G();\n        }\n\n        if (c > d)\n        {\n            H();\n        }\n    }\n}\n"
    # A line added at the top moves every line number; the first test's text changed (its mutants are gone).
    AFTER = BEFORE.replace("    void F()\n", "    int n;\n\n    void F()\n").replace("if (a < b)", "if (a <= b)")

    def test_a_sample_drawn_at_an_earlier_source_goes_on_by_key_and_names_what_is_gone(self):
        path = "Model/Wbcheck.Model/Mm/A.cs"
        then = mutate.mutants_at([path, "Model/Wbcheck.Model/Mm/New.cs"], {path: self.BEFORE}.get)
        now = mutate.mutants_at([path], {path: self.AFTER}.get)
        drawn = then[::-1]
        kept, gone = mutate.carry_over(drawn, now)
        self.assertEqual([m.key for m in kept] + [m.key for m in gone],
                         [m.key for m in drawn if "c > d" in m.text or "H();" in m.text or "G();" in m.text]
                         + [m.key for m in drawn if "a < b" in m.text])
        self.assertTrue(gone and all("a < b" in m.text for m in gone))
        self.assertEqual([m.key for m in kept], [m.key for m in drawn if m.key in {k.key for k in kept}])  # the drawn order
        for m in kept:
            self.assertEqual(self.AFTER.split("\n")[m.line - 1].strip(), m.text)  # applied where the line is now

    def test_the_source_at_a_commit_is_read_from_git(self):
        head = mutate.source_at("HEAD", "tools/mutate/mutate.py")
        self.assertIsNotNone(head)
        self.assertTrue(head is not None and "def main() -> None:" in head)
        self.assertIsNone(mutate.source_at("HEAD", "tools/mutate/no-such-file.py"))


class StageTests(unittest.TestCase):
    def test_a_filter_narrows_its_stage_and_keeps_the_stage_s_own(self):
        stages = mutate.choose_stages("properties,model", ["properties=FullyQualifiedName~Writeback"])
        self.assertEqual([name for name, _, _ in stages], ["model", "properties"])  # cheapest first, whatever the order asked
        self.assertEqual(stages[1][2], "(DisplayName!~tag/flag coherence)&(FullyQualifiedName~Writeback)")
        self.assertIsNone(stages[0][2])

    def test_an_unknown_stage_or_a_bad_filter_is_refused(self):
        with self.assertRaises(SystemExit):
            mutate.choose_stages("model,bogus", [])
        with self.assertRaises(SystemExit):
            mutate.choose_stages("model", ["model"])


class TimeoutTests(unittest.TestCase):
    def test_one_figure_is_every_stage_s_and_named_stages_keep_the_others_default(self):
        self.assertEqual(mutate.parse_timeout("90", ["model", "properties"]), {"model": 90.0, "properties": 90.0})
        self.assertEqual(mutate.parse_timeout("model=60", ["model", "properties"]), {"model": 60.0})
        self.assertEqual(mutate.parse_timeout(None, ["model"]), {})

    def test_an_unknown_stage_or_a_limit_that_is_not_a_number_is_refused(self):
        for text in ("bogus=3", "model=x", "model=0"):
            with self.assertRaises(SystemExit):
                mutate.parse_timeout(text, ["model"])


class SummariseTests(unittest.TestCase):
    def test_the_last_outcome_of_a_mutant_wins_and_a_listed_equivalent_is_counted_apart(self):
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "run.jsonl"
            lines = []
            for line, status in ((1, "survived"), (2, "killed"), (1, "killed"), (3, "survived")):
                m = mutant(line)
                lines.append(json.dumps({"key": m.key, "status": status, "detail": "", "seconds": 1.0, "mutant": asdict(m)}))
            log.write_text("\n".join(lines) + "\n")
            outcomes, _ = mutate.summarise([log], {mutant(3).key: "why"})
            self.assertEqual([(o.mutant.line, o.status) for o in outcomes], [(1, "killed"), (2, "killed"), (3, "equivalent")])

    def test_a_line_that_is_not_a_log_line_is_refused(self):
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "run.jsonl"
            log.write_text("not json\n")
            with self.assertRaises(SystemExit):
                mutate.summarise([log], {})


class ModelOnlyBuildTests(unittest.TestCase):
    def test_the_mutant_after_one_that_changed_the_reference_assembly_gets_the_full_build_too(self):
        # A default parameter value is inlined into the test projects: after that mutant's full
        # build, copying the model alone would run the next mutant under its default.
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            reference = root / mutate.MODEL_REFERENCE
            reference.parent.mkdir(parents=True)
            reference.write_bytes(b"unmutated")
            build = object.__new__(mutate.ModelOnlyBuild)
            build.root, build.reference, build.targets, build.stale = root, mutate.digest(reference), [], False
            build._build = lambda: (0, "")
            build.server_cpu = lambda: 0.0

            reference.write_bytes(b"default value changed")
            self.assertIsNone(build())
            reference.write_bytes(b"unmutated")
            self.assertIsNone(build())
            self.assertEqual(build(), (True, ""))


class ClosureTests(unittest.TestCase):
    def test_the_closure_follows_project_references_transitively_and_once(self):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            projects = {
                "A/A.Tests": ['../A/A.csproj', '../../B/B/B.csproj'],
                "A/A": [],
                "B/B": ['../../A/A/A.csproj'],
            }
            for project, references in projects.items():
                (root / project).mkdir(parents=True)
                items = "".join(f'<ProjectReference Include="{r}" />' for r in references)
                (root / project / (Path(project).name + ".csproj")).write_text(f"<Project><ItemGroup>{items}</ItemGroup></Project>")
            self.assertEqual(sorted(mutate.project_closure("A/A.Tests", root)), ["A/A", "A/A.Tests", "B/B"])

    def test_the_real_test_projects_reach_the_model(self):
        for _, project, _ in mutate.STAGES:
            self.assertIn(mutate.MODEL_PROJECT, mutate.project_closure(project))


class RunTests(unittest.TestCase):
    def test_the_first_failed_test_stops_the_command_at_once(self):
        started = time.monotonic()
        code, output = mutate.run(["sh", "-c", "echo Passed A; echo '  Failed B [1 ms]'; sleep 60; echo never"], 120,
                                  stop_at=mutate.failed_test)
        self.assertEqual(code, mutate.STOPPED)
        self.assertIn("Failed B", output)
        self.assertNotIn("never", output)
        self.assertLess(time.monotonic() - started, 30)

    def test_a_summary_line_is_no_failed_test_and_the_exit_code_comes_back(self):
        code, output = mutate.run(["sh", "-c", "echo 'Failed!  - Failed: 1'; exit 3"], 60, stop_at=mutate.failed_test)
        self.assertEqual((code, output.strip()), (3, "Failed!  - Failed: 1"))

    def test_a_command_past_its_limit_is_killed(self):
        started = time.monotonic()
        code, _ = mutate.run(["sh", "-c", "sleep 60"], 1, stop_at=mutate.failed_test)
        self.assertIsNone(code)
        self.assertLess(time.monotonic() - started, 30)


class CompareTests(unittest.TestCase):
    def outcome(self, line: int, status: str, detail: str = "") -> mutate.Outcome:
        return mutate.Outcome(mutant(line), status, detail, 1.0)

    def test_a_time_out_is_a_kill_by_its_stage_and_an_equivalent_a_survivor(self):
        self.assertEqual(mutate.verdict(self.outcome(1, "timeout", "model")), "killed by model")
        self.assertEqual(mutate.verdict(self.outcome(1, "killed", "properties: Failed X")), "killed by properties")
        self.assertEqual(mutate.verdict(self.outcome(1, "equivalent")), "survived")
        self.assertEqual(mutate.verdict(self.outcome(1, "stillborn", "error CS0165")), "stillborn")

    def test_only_the_mutants_whose_verdict_changed_are_reported(self):
        expected = {o.mutant.key: o for o in (self.outcome(1, "killed", "model: Failed A"), self.outcome(2, "survived"),
                                               self.outcome(3, "killed", "model: Failed B"))}
        now = [self.outcome(1, "killed", "model: Failed C"), self.outcome(2, "equivalent"), self.outcome(3, "killed", "properties: Failed D")]
        differences = mutate.compare(now, expected)
        self.assertEqual(len(differences), 1)
        self.assertIn("killed by properties, expected killed by model", differences[0])


if __name__ == "__main__":
    unittest.main()
