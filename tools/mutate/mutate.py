#!/usr/bin/env python3
"""Our own mutation check, Roslyn-free: apply each mutant of a fixed catalogue (catalogue.py)
to a model source file, build and run the tests against it, put the file back, and report
the share of mutants the tests kill, per file, with every survivor.

  python3 tools/mutate/mutate.py [FILE ...] [--max N --seed S] [--timeout SECONDS]
                                 [--list] [--report PATH] [--equivalent PATH]

FILEs are source files of the model, Model/Wbcheck.Model/ (default: the three core files of the model). A mutant is
killed when the build succeeds and a test fails (or the tests time out); one whose build
fails (a compile error, or a warning, since warnings are errors) is stillborn and not
counted. A survivor listed in the equivalents file (tools/mutate/equivalent.tsv: the
mutant's key, a tab, why no test can tell it from the original) is counted apart, so the
killed share is of the mutants that are not equivalent.

Run it from a clean tree: it refuses files with uncommitted changes, restores each file
after its mutant (also on Ctrl-C or an error), checks the restored text is byte-identical,
and rebuilds the untouched projects at the end so that no mutant binary stays behind.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import Mutant, mutants_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILES = (
    "Model/Wbcheck.Model/Mm/PageWriteback.Iter.cs",
    "Model/Wbcheck.Model/Mm/PageWriteback.Writeback.cs",
    "Model/Wbcheck.Model/Mm/PageWriteback.Dirty.cs",
)
TEST_PROJECTS = ("Model/Wbcheck.Model.Tests", "Properties/Wbcheck.Properties.Tests")
EQUIVALENTS = ROOT / "tools/mutate/equivalent.tsv"


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, equivalent, stillborn, timeout
    detail: str
    seconds: float


def fail(message: str) -> None:
    print(f"mutate: {message}", file=sys.stderr)
    sys.exit(2)


_running: list[subprocess.Popen[str]] = []


def run(command: list[str], timeout: float | None) -> tuple[int | None, str]:
    """Run a command in its own process group; kill the whole group on timeout. (None, output) on timeout."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    _running.append(process)
    try:
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return None, output
    finally:
        _running.remove(process)


def stop_running() -> None:
    """Kill the process group of the build or test under way (it is ours: we started it)."""
    for process in list(_running):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def build() -> tuple[bool, str]:
    for project in TEST_PROJECTS:
        code, output = run(["dotnet", "build", project, "--no-restore", "-nologo", "-v", "q"], timeout=900)
        if code != 0:
            errors = [line.strip() for line in output.splitlines() if ": error " in line]
            return False, errors[0] if errors else "build failed"
    return True, ""


def test(deadline: float) -> tuple[str, str]:
    """killed / survived / timeout, and which project failed."""
    for project in TEST_PROJECTS:
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout", project
        code, output = run(["dotnet", "test", project, "--no-build", "--nologo"], timeout=left)
        if code is None:
            return "timeout", project
        if code != 0:
            failed = [line.strip() for line in output.splitlines() if line.strip().endswith("[FAIL]")]
            return "killed", f"{project}: {failed[0] if failed else 'a test failed'}"
    return "survived", ""


def load_equivalents(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    equivalents = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        key, tab, reason = line.partition("\t")
        if not tab or not reason.strip():
            fail(f"{path}:{number}: expected the mutant's key, a tab, and why it is equivalent")
        equivalents[key] = reason.strip()
    return equivalents


def select(mutants: list[Mutant], most: int | None, seed: int) -> list[Mutant]:
    """All of them, or a seeded sample of `most`, kept in file order: the same seed picks the same mutants."""
    if most is None or most >= len(mutants):
        return mutants
    chosen = sorted(random.Random(seed).sample(range(len(mutants)), most))
    return [mutants[i] for i in chosen]


def report(outcomes: list[Outcome], equivalents: dict[str, str], arguments: argparse.Namespace, total: dict[str, int]) -> str:
    lines = ["# Mutation run", ""]
    sample = f"a sample of {arguments.max} (seed {arguments.seed})" if arguments.max else "every mutant"
    lines.append(f"Catalogue mutants of each file, {sample}; tests: {', '.join(TEST_PROJECTS)}; timeout {arguments.timeout:.0f} s a mutant.")
    lines.append("")
    lines.append("| file | mutants in file | run | stillborn | killed | timed out | survived | equivalent | killed share |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for path in dict.fromkeys(o.mutant.path for o in outcomes):
        mine = [o for o in outcomes if o.mutant.path == path]
        count = {s: sum(1 for o in mine if o.status == s) for s in ("stillborn", "killed", "timeout", "survived", "equivalent")}
        judged = count["killed"] + count["timeout"] + count["survived"]
        share = f"{100 * (count['killed'] + count['timeout']) / judged:.0f}%" if judged else "n/a"
        lines.append(f"| {path} | {total[path]} | {len(mine)} | {count['stillborn']} | {count['killed']} | {count['timeout']} | "
                     f"{count['survived']} | {count['equivalent']} | {share} |")
    lines.append("")
    lines.append("Killed share: (killed + timed out) / (killed + timed out + survived); stillborn and equivalent mutants are not counted.")
    for title, status in (("Survivors", "survived"), ("Equivalent survivors", "equivalent")):
        chosen = [o for o in outcomes if o.status == status]
        if chosen:
            lines += ["", f"## {title}", ""]
            for o in chosen:
                why = f" ({equivalents[o.mutant.key]})" if status == "equivalent" else ""
                lines.append(f"- {o.mutant.describe()}{why}  ")
                lines.append(f"  key: `{o.mutant.key}`")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=list(DEFAULT_FILES), help="model source files (default: the three core files)")
    parser.add_argument("--max", type=int, help="run a sample of this many mutants, chosen by --seed")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    parser.add_argument("--timeout", type=float, help="seconds of tests a mutant may take (default: three times the unmutated tests, plus 30)")
    parser.add_argument("--list", action="store_true", help="list the mutants (with their keys) and run nothing")
    parser.add_argument("--report", type=Path, help="also write the report (Markdown) here")
    parser.add_argument("--equivalent", type=Path, default=EQUIVALENTS, help="equivalent mutants, key<TAB>reason a line")
    arguments = parser.parse_args()
    if arguments.max is not None and arguments.max < 1:
        fail("--max must be at least 1")

    sources: dict[str, bytes] = {}
    every: list[Mutant] = []
    total: dict[str, int] = {}
    for name in arguments.files:
        path = (ROOT / name).resolve()
        if not path.is_file() or not path.suffix == ".cs" or ROOT / "Model/Wbcheck.Model" not in path.parents:
            fail(f"{name}: not a C# file of the model (Model/Wbcheck.Model/)")
        relative = path.relative_to(ROOT).as_posix()
        sources[relative] = path.read_bytes()
        found = mutants_of(relative, sources[relative].decode("utf-8"))
        total[relative] = len(found)
        every += found
    chosen = select(every, arguments.max, arguments.seed)
    if arguments.list:
        for number, mutant in enumerate(chosen, start=1):
            print(f"{number}. {mutant.describe()}\n   key: {mutant.key}")
        return

    dirty = run(["git", "status", "--porcelain", "--", *sources], timeout=60)[1].strip()
    if dirty:
        fail(f"commit or stash these first, so that restoring them is exact:\n{dirty}")
    equivalents = load_equivalents(arguments.equivalent)

    def restore_all() -> None:
        for relative, original in sources.items():
            if (ROOT / relative).read_bytes() != original:
                (ROOT / relative).write_bytes(original)

    def interrupted(signum: int, _frame: object) -> None:
        stop_running()
        restore_all()
        print(f"mutate: stopped by signal {signum}; every file restored", file=sys.stderr)
        sys.exit(130)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)

    # The unmutated tests must pass, or every mutant would count as killed; their time sets the timeout.
    built, error = build()
    if not built:
        fail(f"the unmutated projects do not build: {error}")
    started = time.monotonic()
    status, detail = test(time.monotonic() + 3600)
    if status != "survived":
        fail(f"the unmutated tests do not pass ({status}: {detail}); a mutation run needs them green")
    baseline = time.monotonic() - started
    if arguments.timeout is None:
        arguments.timeout = 3 * baseline + 30
    print(f"mutate: the unmutated tests pass in {baseline:.0f} s; {len(chosen)} mutants, timeout {arguments.timeout:.0f} s each", flush=True)

    outcomes: list[Outcome] = []
    try:
        for number, mutant in enumerate(chosen, start=1):
            started = time.monotonic()
            path = ROOT / mutant.path
            try:
                path.write_text(mutant.apply(sources[mutant.path].decode("utf-8")), encoding="utf-8")
                built, error = build()
                if not built:
                    status, detail = "stillborn", error
                else:
                    status, detail = test(time.monotonic() + arguments.timeout)
            finally:
                path.write_bytes(sources[mutant.path])
            if status == "survived" and mutant.key in equivalents:
                status = "equivalent"
            outcome = Outcome(mutant, status, detail, time.monotonic() - started)
            outcomes.append(outcome)
            print(f"[{number}/{len(chosen)}] {status:<10} {outcome.seconds:5.0f} s  {mutant.describe()}"
                  + (f"\n    {detail}" if detail else ""), flush=True)
    finally:
        restore_all()
        for relative, original in sources.items():
            if (ROOT / relative).read_bytes() != original:
                print(f"mutate: {relative} could not be restored: check it by hand", file=sys.stderr)
                sys.exit(3)
        if outcomes:
            print("mutate: rebuilding the unmutated projects", file=sys.stderr, flush=True)
            built, error = build()
            if not built:
                print(f"mutate: the unmutated projects do not build: {error}", file=sys.stderr)

    text = report(outcomes, equivalents, arguments, total)
    print(text)
    if arguments.report:
        arguments.report.write_text(text)


if __name__ == "__main__":
    main()
