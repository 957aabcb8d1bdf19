#!/usr/bin/env python3
"""Our own mutation check, Roslyn-free: apply each mutant of a fixed catalogue (catalogue.py)
to a model source file, build and run the tests against it, put the file back, and report
the share of mutants the tests kill, per file, with every survivor.

  python3 tools/mutate/mutate.py [FILE ...] [--max N --seed S] [--part I/N] [--timeout SECONDS]
                                 [--stages model,properties,...] [--filter STAGE=EXPR]
                                 [--log PATH] [--list] [--report PATH] [--equivalent PATH]
  python3 tools/mutate/mutate.py FILE ... --max N --seed S --stratify folder --not-in LOG ...   (a stratified sample of the mutants never run)
  python3 tools/mutate/mutate.py --summarise LOG ... [--report PATH]
  python3 tools/mutate/mutate.py FILE ... --stratify folder --not-in LOG ... --summarise SAMPLE-LOG ...   (its killed share, Wilson intervals)
  ... --drawn-at COMMIT   (either of the last two with the population the files had at COMMIT: go on with a sample drawn then)

FILEs are source files of the model, Model/Wbcheck.Model/ (default: the three core files of the model). A mutant is
killed when the build succeeds and a test fails (or the tests time out); one whose build
fails (a compile error, or a warning, since warnings are errors) is stillborn and not
counted. The tests run in stages, cheapest first (STAGES), and a mutant's run stops at the
first stage that fails: most mutants are killed by the model's own tests in seconds, and only
those that survive them pay for the property and concurrency suites. A survivor listed in the equivalents file (tools/mutate/equivalent.tsv: the
mutant's key, a tab, why no test can tell it from the original) is counted apart, so the
killed share is of the mutants that are not equivalent.

Run it from a clean tree: it refuses files with uncommitted changes, restores each file
after its mutant (also on Ctrl-C or an error), checks the restored text is byte-identical,
and rebuilds the untouched projects at the end so that no mutant binary stays behind.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogue import Mutant, mutants_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILES = (
    "Model/Wbcheck.Model/Mm/PageWriteback.Iter.cs",
    "Model/Wbcheck.Model/Mm/PageWriteback.Writeback.cs",
    "Model/Wbcheck.Model/Mm/PageWriteback.Dirty.cs",
)
# The test stages, cheapest first: (name, test project, filter or None). The tag/flag coherence
# cell of the era catalogue runs 300,000 cases (about 23 s of the property suite's 36 s) for a
# race only old eras show, so it comes last, after the concurrency scenarios.
SLOW_PROPERTY = "DisplayName~tag/flag coherence"
STAGES = (
    ("model", "Model/Wbcheck.Model.Tests", None),
    ("properties", "Properties/Wbcheck.Properties.Tests", "DisplayName!~tag/flag coherence"),
    ("concurrency", "Concurrency/Wbcheck.Concurrency.Tests", None),
    ("properties-slow", "Properties/Wbcheck.Properties.Tests", SLOW_PROPERTY),
)
EQUIVALENTS = ROOT / "tools/mutate/equivalent.tsv"
# The one project a mutant changes, its build output and its reference assembly (the public and,
# with InternalsVisibleTo, internal surface the other projects compile against).
MODEL_PROJECT = "Model/Wbcheck.Model"
MODEL_ASSEMBLY = "Wbcheck.Model"
MODEL_OUTPUT = "Model/Wbcheck.Model/bin/Debug/net10.0"
MODEL_REFERENCE = "Model/Wbcheck.Model/obj/Debug/net10.0/ref/Wbcheck.Model.dll"


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, equivalent, stillborn, timeout
    detail: str
    seconds: float
    timing: dict[str, float] | None = None  # where the seconds went: "build", then each stage's tests
    cpu: dict[str, float] | None = None  # the same in CPU seconds (the processes run and the compiler server)


def fail(message: str) -> None:
    print(f"mutate: {message}", file=sys.stderr)
    sys.exit(2)


_running: list[subprocess.Popen[str]] = []
_servers: list["ModelOnlyBuild"] = []


STOPPED = -1000  # run()'s code when it stopped the command at the first line stop_at matched


def run(command: list[str], timeout: float | None, stop_at: Callable[[str], bool] | None = None) -> tuple[int | None, str]:
    """Run a command in its own process group; kill the whole group on timeout: (None, output).
    With stop_at, the output is read as it comes, and the first line it matches stops the
    command there (the whole group killed): (STOPPED, the output up to that line)."""
    before = _children_cpu()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    _running.append(process)
    lines: list[str] = []
    matched: list[bool] = []
    done = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if stop_at is not None and not matched and stop_at(line):
                matched.append(True)
                done.set()
        done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        started = time.monotonic()
        if not done.wait(timeout):
            os.killpg(process.pid, signal.SIGKILL)
            reader.join()
            return None, "".join(lines)
        if matched:
            os.killpg(process.pid, signal.SIGKILL)
            reader.join()
            process.wait()
            return STOPPED, "".join(lines)
        left = None if timeout is None else max(1.0, timeout - (time.monotonic() - started))
        try:
            process.wait(timeout=left)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            reader.join()
            return None, "".join(lines)
        reader.join()
        return process.returncode, "".join(lines)
    finally:
        _running.remove(process)
        CPU[0] = _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The CPU seconds (user and system) of the last run(): its process and the descendants that
# were waited for, which on a machine shared with other work says more than the wall clock.
# A compiler server is no descendant; ModelOnlyBuild adds its own.
CPU = [0.0]


def failed_test(line: str) -> bool:
    """A line of the test console naming a test that failed ("  Failed Name [3 ms]"; not the "Failed!" summary)."""
    return line.strip().startswith("Failed ")


def stop_running() -> None:
    """Kill the process group of the build or test under way (it is ours: we started it), and our compiler server."""
    for process in list(_running):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for server in _servers:
        server.stop()


def project_closure(project: str, root: Path = ROOT) -> list[str]:
    """The project and every project it references, directly or not (ProjectReference items of
    the .csproj files, relative to the repository root): the projects whose output folders a
    `dotnet build` of it copies the model's assembly into."""
    seen: list[str] = []
    todo = [Path(project).as_posix()]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        for csproj in sorted((root / current).glob("*.csproj")):
            for include in re.findall(r'ProjectReference\s+Include="([^"]+)"', csproj.read_text(encoding="utf-8")):
                target = os.path.normpath(os.path.join(current, os.path.dirname(include.replace("\\", "/"))))
                todo.append(Path(target).as_posix())
    return seen


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class ModelOnlyBuild:
    """The cheaper build of a mutant: compile the model project alone (`dotnet build
    --no-dependencies`), and, when its reference assembly is byte-identical to the unmutated
    one's, copy the new model assembly into the output folder of every other project the
    stages' test projects reference, which is all an incremental `dotnet build` of them would do
    (MSBuild recompiles a project only when a reference assembly it compiles against changes).
    When the reference assembly changed (a mutant in a default parameter value or an enum
    member value changes metadata other assemblies inline), it answers None and the mutant gets
    the full build of each stage's project. A compile error, warnings included, is the same as
    the full build's: that build compiles the same project with the same options first.

    The compile goes through a compiler server of this run's own (csc's /shared with a pipe
    name of its own, SharedCompilationId), which stays loaded between mutants instead of a new
    compiler process starting cold for each; the same compiler gives the same assembly and the
    same diagnostics. stop() ends that server, by its process id."""

    def __init__(self, stages: list[tuple[str, str, str | None]], root: Path = ROOT):
        self.root = root
        self.pipe = f"wbcheck-mutate-{os.getpid()}"
        _servers.append(self)
        self.reference = digest(root / MODEL_REFERENCE)
        self.stale = False
        projects = dict.fromkeys(p for _, project, _ in stages for p in project_closure(project, root))
        self.targets = [root / p / "bin/Debug/net10.0" for p in projects if p != MODEL_PROJECT]
        if self.reference is None or not self.targets:
            fail(f"the model-only build needs the unmutated build's {MODEL_REFERENCE}; build first, or use --full-build")

    def server_pids(self) -> list[int]:
        pids = []
        for process in Path("/proc").glob("[0-9]*"):
            try:
                command = (process / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(part.decode(errors="replace") == f"-pipename:{self.pipe}" for part in command):
                pids.append(int(process.name))
        return pids

    def server_cpu(self) -> float:
        """The CPU seconds the compiler server has used so far (0 when it is not running)."""
        total = 0.0
        for pid in self.server_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return total

    def __call__(self) -> tuple[bool, str] | None:
        server_before = self.server_cpu()
        code, output = self._build()
        CPU[0] += max(0.0, self.server_cpu() - server_before)
        if code != 0:
            errors = [line.strip() for line in output.splitlines() if ": error " in line]
            return False, errors[0] if errors else "build failed"
        if digest(self.root / MODEL_REFERENCE) != self.reference:
            self.stale = True
            return None
        if self.stale:
            # The last mutant's full build compiled the stages' projects against its reference
            # assembly (a default value they inlined): copying the model alone would run this
            # mutant under that one's defaults. Build them again, against this one's.
            self.stale = False
            return None
        for target in self.targets:
            for suffix in (".dll", ".pdb", ".xml"):
                source = self.root / MODEL_OUTPUT / (MODEL_ASSEMBLY + suffix)
                if (target / source.name).exists() and source.exists():
                    shutil.copy2(source, target / source.name)
        return True, ""

    def _build(self) -> tuple[int | None, str]:
        return run(["dotnet", "build", MODEL_PROJECT, "--no-restore", "--no-dependencies", "-nologo", "-v", "q",
                            "-p:UseSharedCompilation=true", f"-p:SharedCompilationId={self.pipe}"], timeout=900)

    def stop(self) -> None:
        """End the compiler server this run started (found by its pipe name), if it is still up."""
        for pid in self.server_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass


def build(stages: list[tuple[str, str, str | None]]) -> tuple[bool, str]:
    for project in dict.fromkeys(project for _, project, _ in stages):
        code, output = run(["dotnet", "build", project, "--no-restore", "-nologo", "-v", "q"], timeout=900)
        if code != 0:
            errors = [line.strip() for line in output.splitlines() if ": error " in line]
            return False, errors[0] if errors else "build failed"
    return True, ""


def test(stages: list[tuple[str, str, str | None]], limits: dict[str, float] | None,
         took: dict[str, float] | None = None, model_only: ModelOnlyBuild | None = None,
         cpu: dict[str, float] | None = None) -> tuple[str, str]:
    """killed / survived / timeout (or stillborn), and which stage (and test) failed. Each stage's
    project is built just before it runs: a mutant the model's tests kill costs one build, not
    one a project (the first build compiles the model; later ones only copy it). Each stage has
    its own time limit (none when limits is None), so a mutant that makes the model's tests loop
    is stopped after about a minute, not after the whole suite's time; took, if given, gets each
    stage's time, and "build" the time of the builds; cpu the same in CPU seconds. With
    model_only, the model alone is compiled and its assembly copied (ModelOnlyBuild), unless
    the mutant changed its reference assembly, and a stage stops at its first failed test."""

    def note(key: str, started: float) -> None:
        if took is not None:
            took[key] = took.get(key, 0.0) + time.monotonic() - started
        if cpu is not None:
            cpu[key] = cpu.get(key, 0.0) + CPU[0]

    built: set[str] = set()
    if model_only is not None:
        started = time.monotonic()
        result = model_only()
        note("build", started)
        if result is not None:
            ok, error = result
            if not ok:
                return "stillborn", error
            built = {project for _, project, _ in stages}
    for name, project, test_filter in stages:
        if project not in built:
            started = time.monotonic()
            ok, error = build([(name, project, test_filter)])
            note("build", started)
            if not ok:
                return "stillborn", error
            built.add(project)
        command = test_command(project, test_filter, direct=model_only is not None)
        started = time.monotonic()
        code, output = run(command, timeout=None if limits is None else limits[name],
                           stop_at=None if model_only is None else failed_test)
        note(name, started)
        failed = [line.strip() for line in output.splitlines() if failed_test(line)]
        if code is None:
            # Stopped at the limit: a kill either way, but say whether a test had failed first
            # (then it is no mere slowness) or the stage only hung.
            return ("killed", f"{name}: {failed[0]} (then stopped at the time limit)") if failed else ("timeout", name)
        if code != 0:
            if not failed and "No test matches the given testcase filter" in output:
                fail(f"stage {name}: the filter {test_filter!r} selects no test")
            return "killed", f"{name}: {failed[0] if failed else 'a test failed'}"
    return "survived", ""


def vstest_console() -> Path | None:
    """The SDK's vstest.console.dll, which `dotnet test` runs after an MSBuild evaluation of the
    test project; started directly it costs one process start less."""
    code, output = run(["dotnet", "--version"], timeout=120)
    if code != 0:
        return None
    dotnet = Path(shutil.which("dotnet") or "dotnet").resolve().parent
    console = dotnet / "sdk" / output.strip() / "vstest.console.dll"
    return console if console.is_file() else None


_VSTEST: list[Path | None] = []


def test_command(project: str, test_filter: str | None, direct: bool) -> list[str]:
    """`dotnet test --no-build` of the project, or (direct) the same test run through the SDK's
    vstest.console on the project's test assembly: the same adapter, filter and console logger,
    without the MSBuild evaluation in front of it. Falls back to `dotnet test` when either
    cannot be found."""
    assembly = ROOT / project / "bin/Debug/net10.0" / (Path(project).name + ".dll")
    if direct:
        if not _VSTEST:
            _VSTEST.append(vstest_console())
        if _VSTEST[0] is not None and assembly.is_file():
            command = ["dotnet", "exec", str(_VSTEST[0]), str(assembly)]
            return command + ([f"--TestCaseFilter:{test_filter}"] if test_filter else [])
    command = ["dotnet", "test", project, "--no-build", "--nologo"]
    return command + (["--filter", test_filter] if test_filter else [])


def choose_stages(names: str, filters: list[str]) -> list[tuple[str, str, str | None]]:
    """The stages named (comma-separated, in the default order), each narrowed by its --filter."""
    known = {name: (project, test_filter) for name, project, test_filter in STAGES}
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    for name in wanted:
        if name not in known:
            fail(f"unknown stage '{name}' (stages: {', '.join(known)})")
    extra: dict[str, str] = {}
    for item in filters:
        name, equals, expression = item.partition("=")
        if not equals or name not in known or not expression:
            fail(f"--filter {item!r}: expected STAGE=EXPRESSION with STAGE one of {', '.join(known)}")
        extra[name] = expression
    chosen = []
    for name, (project, test_filter) in known.items():
        if name in wanted:
            if name in extra:
                test_filter = f"({test_filter})&({extra[name]})" if test_filter else extra[name]
            chosen.append((name, project, test_filter))
    return chosen


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


def select(mutants: list[Mutant], most: int | None, seed: int, part: tuple[int, int] = (0, 1)) -> list[Mutant]:
    """All of them, or a seeded sample of `most`, kept in file order: the same seed picks the same
    mutants. With a part I/N, every Nth of those from the Ith (0-based): N runs share them out."""
    if most is not None and most < len(mutants):
        chosen = sorted(random.Random(seed).sample(range(len(mutants)), most))
        mutants = [mutants[i] for i in chosen]
    index, count = part
    return mutants[index::count]


def stratum_of(mutant: Mutant, by: str) -> str:
    """The stratum of a mutant: its file, or its file's folder (relative to the model)."""
    path = Path(mutant.path)
    if by == "file":
        return path.as_posix()
    return path.parent.relative_to(MODEL_PROJECT).as_posix()


def allocate(sizes: dict[str, int], most: int) -> dict[str, int]:
    """Proportional allocation of a sample of `most` over strata of these sizes, by largest
    remainder (ties to the larger stratum, then the name): the counts add up to `most` and
    no stratum gets more than it holds."""
    total = sum(sizes.values())
    if most >= total:
        return dict(sizes)
    exact = {name: most * size / total for name, size in sizes.items()}
    counts = {name: int(share) for name, share in exact.items()}
    left = most - sum(counts.values())
    for name in sorted(sizes, key=lambda n: (-(exact[n] - counts[n]), -sizes[n], n))[:left]:
        counts[name] += 1
    return counts


def select_stratified(mutants: list[Mutant], most: int, seed: int, by: str) -> list[Mutant]:
    """A stratified random sample of `most`: strata by file or folder, each given a share in
    proportion to its count of mutants (allocate), drawn at random within it with a generator
    seeded by the seed and the stratum's name (so a stratum's draw does not depend on the
    others). Returned in a seeded random order, not in file order, so that a run stopped part
    way has still drawn every stratum at about its share."""
    strata: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        strata.setdefault(stratum_of(mutant, by), []).append(mutant)
    counts = allocate({name: len(members) for name, members in strata.items()}, most)
    chosen = []
    for name in sorted(strata):
        members = strata[name]
        picked = sorted(random.Random(f"{seed}:{name}").sample(range(len(members)), counts[name]))
        chosen += [members[i] for i in picked]
    random.Random(seed).shuffle(chosen)
    return chosen


def source_at(commit: str, relative: str) -> str | None:
    """The text of a file of the repository at a commit (git show), or None if it had no such file then."""
    result = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def read_source(commit: str | None) -> Callable[[str], str | None]:
    """How to read a file of the model: as it is now, or (commit) as it was at that commit."""
    if commit is None:
        return lambda relative: (ROOT / relative).read_text(encoding="utf-8") if (ROOT / relative).is_file() else None
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"], cwd=ROOT,
                      capture_output=True).returncode != 0:
        fail(f"--drawn-at {commit}: no such commit")
    return lambda relative: source_at(commit, relative)


def mutants_at(paths: list[str], read: Callable[[str], str | None]) -> list[Mutant]:
    """The catalogue mutants of the files as `read` gives them (a file it has no text for has none)."""
    return [m for path in paths if (text := read(path)) is not None for m in mutants_of(path, text)]


def carry_over(drawn: list[Mutant], now: list[Mutant]) -> tuple[list[Mutant], list[Mutant]]:
    """A sample drawn from the source at an earlier commit, carried to the source now: the drawn
    mutants the source still has (a key names the file, the line's text, the column in it and the
    edit, never the line number: the same key is the same edit), in the drawn order, as they are
    now (their line numbers may have moved); and the drawn ones whose key the source no longer
    has (their line changed), which are not run and so stay unjudged, like a stillborn mutant."""
    current = {m.key: m for m in now}
    return [current[m.key] for m in drawn if m.key in current], [m for m in drawn if m.key not in current]


def wilson(killed: float, judged: float, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share killed/judged; `judged` may be an
    effective sample size (not a whole number)."""
    if judged <= 0:
        return 0.0, 1.0
    share = killed / judged
    centre = (share + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z * ((share * (1 - share) / judged + z * z / (4 * judged * judged)) ** 0.5) / (1 + z * z / judged)
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified_report(frame: list[Mutant], census: list[Outcome], sample: list[Outcome], by: str) -> str:
    """The killed share of a population of mutants made of a census (the mutants earlier logs
    ran: their last outcome, known) and a frame (the mutants they did not run) of which `sample`
    is a stratified random sample. Per stratum: the sample's killed share and its Wilson
    interval. For the population: the stratified estimate, each stratum weighted by its
    estimated count of judged mutants (the frame's count times the judged share of its sample),
    the census by its own; its interval is Wilson's at the effective sample size of that
    weighting (Kish: 1 / sum of w_h^2 (1 - f_h) / j_h over the sampled strata, f_h the sampling
    fraction; the census adds no sampling variance)."""
    def judged(outcomes: list[Outcome]) -> tuple[int, int]:
        dead = sum(1 for o in outcomes if o.status in ("killed", "timeout"))
        return dead, dead + sum(1 for o in outcomes if o.status == "survived")

    sizes: dict[str, int] = {}
    for mutant in frame:
        sizes[stratum_of(mutant, by)] = sizes.get(stratum_of(mutant, by), 0) + 1
    lines = ["| stratum | mutants never run before | sampled | stillborn | equivalent | killed | survived | killed share | 95% interval (Wilson) |",
             "|---|---|---|---|---|---|---|---|---|"]
    estimates = []  # (estimated judged count, killed share, judged in sample, sampling fraction)
    for name in sorted(sizes):
        mine = [o for o in sample if stratum_of(o.mutant, by) == name]
        dead, count = judged(mine)
        low, high = wilson(dead, count)
        share = f"{100 * dead / count:.1f}%" if count else "n/a"
        lines.append(f"| {name} | {sizes[name]} | {len(mine)} | {sum(o.status == 'stillborn' for o in mine)} | "
                     f"{sum(o.status == 'equivalent' for o in mine)} | {dead} | {count - dead} | {share} | "
                     + (f"{100 * low:.1f}-{100 * high:.1f}% |" if count else "n/a |"))
        if count:
            estimates.append((sizes[name] * count / len(mine), dead / count, count, len(mine) / sizes[name]))
    dead, count = judged(census)
    lines += ["", f"Census (mutants the earlier logs ran, last outcome): {len(census)} run, {dead} of {count} judged killed"
              + (f" ({100 * dead / count:.1f}%)." if count else ".")]
    whole = count + sum(e[0] for e in estimates)
    if estimates and whole:
        share = (dead + sum(e[0] * e[1] for e in estimates)) / whole
        design = sum((e[0] / whole) ** 2 * (1 - e[3]) / e[2] for e in estimates)
        effective = 1 / design if design > 0 else float(sum(e[2] for e in estimates))
        low, high = wilson(round(share * effective, 9), effective)
        sampled = sum(e[0] for e in estimates) / whole
        lines.append(f"Population (census and frame): estimated killed share {100 * share:.1f}%, 95% interval "
                     f"{100 * low:.1f}-{100 * high:.1f}% (Wilson, effective sample size {effective:.0f}); "
                     f"the frame is an estimated {100 * sampled:.0f}% of the judged mutants.")
    return "\n".join(lines) + "\n"


def parse_timeout(text: str | None, stages: list[str]) -> dict[str, float]:
    """--timeout: one figure for every stage, or STAGE=SECONDS,...; the stages not named keep their default."""
    if not text:
        return {}
    try:
        if "=" not in text:
            return {name: float(text) for name in stages}
        limits = {name: float(seconds) for name, _, seconds in (item.partition("=") for item in text.split(","))}
    except ValueError:
        fail(f"--timeout {text!r}: expected seconds, or STAGE=SECONDS,...")
    unknown = [name for name in limits if name not in stages]
    if unknown or any(seconds <= 0 for seconds in limits.values()):
        fail(f"--timeout {text!r}: stages are {', '.join(stages)}, and a limit must be above 0")
    return limits


def parse_part(text: str) -> tuple[int, int]:
    index, slash, count = text.partition("/")
    if not slash or not index.isdigit() or not count.isdigit() or not 0 <= int(index) < int(count):
        fail(f"--part {text!r}: expected I/N with 0 <= I < N")
    return int(index), int(count)


def report(outcomes: list[Outcome], equivalents: dict[str, str], heading: str, total: dict[str, int]) -> str:
    lines = ["# Mutation run", "", heading, ""]
    lines.append("| file | mutants in file | run | stillborn | killed | timed out | survived | equivalent | killed share |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for path in dict.fromkeys(o.mutant.path for o in outcomes):
        mine = [o for o in outcomes if o.mutant.path == path]
        count = {s: sum(1 for o in mine if o.status == s) for s in ("stillborn", "killed", "timeout", "survived", "equivalent")}
        judged = count["killed"] + count["timeout"] + count["survived"]
        share = f"{100 * (count['killed'] + count['timeout']) / judged:.0f}%" if judged else "n/a"
        lines.append(f"| {path} | {total.get(path, '?')} | {len(mine)} | {count['stillborn']} | {count['killed']} | {count['timeout']} | "
                     f"{count['survived']} | {count['equivalent']} | {share} |")
    lines.append("")
    lines.append("Killed share: (killed + timed out) / (killed + timed out + survived); stillborn and equivalent mutants are not counted.")
    judged = [o for o in outcomes if o.status in ("killed", "timeout", "survived")]
    if judged:
        dead = sum(1 for o in judged if o.status != "survived")
        lines.append(f"All files: {dead} of {len(judged)} non-equivalent mutants killed ({100 * dead / len(judged):.0f}%).")
    for title, status in (("Survivors", "survived"), ("Equivalent survivors", "equivalent")):
        chosen = [o for o in outcomes if o.status == status]
        if chosen:
            lines += ["", f"## {title}", ""]
            for o in chosen:
                why = f" ({equivalents[o.mutant.key]})" if status == "equivalent" else ""
                lines.append(f"- {o.mutant.describe()}{why}  ")
                lines.append(f"  key: `{o.mutant.key}`")
    return "\n".join(lines) + "\n"


def log_outcome(path: Path, outcome: Outcome) -> None:
    """One JSON line a mutant, appended at once, so a run stopped half way keeps what it did."""
    record = {"key": outcome.mutant.key, "status": outcome.status, "detail": outcome.detail,
              "seconds": round(outcome.seconds, 1), "mutant": asdict(outcome.mutant)}
    if outcome.timing:
        record["timing"] = {name: round(seconds, 1) for name, seconds in outcome.timing.items()}
    if outcome.cpu:
        record["cpu"] = {name: round(seconds, 1) for name, seconds in outcome.cpu.items()}
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")


def summarise(logs: list[Path], equivalents: dict[str, str]) -> tuple[list[Outcome], dict[str, int]]:
    """The outcomes of earlier runs' logs, the last run of each mutant winning, and each file's
    catalogue count now; a survivor listed as equivalent since counts as equivalent."""
    latest: dict[str, Outcome] = {}
    for log in logs:
        if not log.is_file():
            fail(f"{log}: no such log")
        for number, line in enumerate(log.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                outcome = Outcome(Mutant(**record["mutant"]), record["status"], record["detail"], record["seconds"],
                                  record.get("timing"), record.get("cpu"))
            except (ValueError, KeyError, TypeError) as error:
                fail(f"{log}:{number}: not a mutate log line ({error})")
            if outcome.status in ("survived", "equivalent"):
                outcome.status = "equivalent" if outcome.mutant.key in equivalents else "survived"
            latest[outcome.mutant.key] = outcome
    outcomes = sorted(latest.values(), key=lambda o: (o.mutant.path, o.mutant.line, o.mutant.column, o.mutant.replacement))
    total = {}
    for path in dict.fromkeys(o.mutant.path for o in outcomes):
        if (ROOT / path).is_file():
            total[path] = len(mutants_of(path, (ROOT / path).read_text(encoding="utf-8")))
    return outcomes, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=list(DEFAULT_FILES), help="model source files (default: the three core files)")
    parser.add_argument("--max", type=int, help="run a sample of this many mutants, chosen by --seed")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    parser.add_argument("--timeout", help="seconds each test stage may take, one figure or STAGE=SECONDS,... "
                        "(default: three times the stage's unmutated time, plus 30)")
    parser.add_argument("--list", action="store_true", help="list the mutants (with their keys) and run nothing")
    parser.add_argument("--report", type=Path, help="also write the report (Markdown) here")
    parser.add_argument("--equivalent", type=Path, default=EQUIVALENTS, help="equivalent mutants, key<TAB>reason a line")
    parser.add_argument("--part", default="0/1", help="run every Nth mutant from the Ith (I/N, 0-based), to share a run out")
    parser.add_argument("--stages", default=",".join(name for name, _, _ in STAGES),
                        help=f"test stages to run, cheapest first (default: {','.join(name for name, _, _ in STAGES)})")
    parser.add_argument("--filter", action="append", default=[], metavar="STAGE=EXPR",
                        help="narrow a stage with a dotnet test filter expression (repeatable)")
    parser.add_argument("--log", type=Path, help="append each mutant's outcome to this file, one JSON line each")
    parser.add_argument("--resume", action="store_true", help="skip the mutants the --log already has an outcome for")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the unmutated run (only to resume a run whose unmutated tests passed on the same commit); needs --timeout")
    parser.add_argument("--rerun-survivors", action="store_true",
                        help="run again only the mutants whose last outcome in the --log is survived (after adding tests)")
    parser.add_argument("--summarise", type=Path, nargs="+", metavar="LOG", help="report on earlier runs' logs and run nothing")
    parser.add_argument("--full-build", action="store_true",
                        help="build each stage's project with `dotnet build` for every mutant, as before the model-only build")
    parser.add_argument("--same-as", type=Path, metavar="LOG",
                        help="run the mutants of FILES that LOG has an outcome for, and at the end compare each verdict with LOG's (exit 1 on a difference)")
    parser.add_argument("--stratify", choices=("file", "folder"),
                        help="with --max, a stratified random sample: strata by file or folder, each drawn in proportion to its "
                             "count of mutants; with --summarise, the stratified killed share and its Wilson interval")
    parser.add_argument("--not-in", type=Path, nargs="+", default=[], metavar="LOG",
                        help="leave out the mutants these logs have an outcome for (a sample of the mutants never run)")
    parser.add_argument("--drawn-at", metavar="COMMIT",
                        help="draw the sample (--max), or make the --stratify report's population, from the FILES as they were at "
                             "this commit, and run the drawn mutants the source still has (by key): to go on with a sample "
                             "drawn before the model changed; a drawn mutant whose line has changed since is reported and not run")
    arguments = parser.parse_args()
    if arguments.max is not None and arguments.max < 1:
        fail("--max must be at least 1")
    for log in arguments.not_in:
        if not log.is_file():
            fail(f"--not-in {log}: no such log")
    if arguments.summarise and arguments.stratify:
        equivalents = load_equivalents(arguments.equivalent)
        paths = {(ROOT / name).resolve().relative_to(ROOT).as_posix() for name in arguments.files}
        census = [o for o in summarise(arguments.not_in, equivalents)[0] if o.mutant.path in paths] if arguments.not_in else []
        ran = {o.mutant.key for o in census}
        frame = [m for m in mutants_at(sorted(paths), read_source(arguments.drawn_at)) if m.key not in ran]
        keys = {m.key for m in frame}
        sample = [o for o in summarise(arguments.summarise, equivalents)[0] if o.mutant.key in keys]
        text = stratified_report(frame, census, sample, arguments.stratify)
        print(text)
        if arguments.report:
            arguments.report.write_text(text)
        return
    if arguments.summarise:
        outcomes, total = summarise(arguments.summarise, load_equivalents(arguments.equivalent))
        text = report(outcomes, load_equivalents(arguments.equivalent),
                      f"From the logs {', '.join(str(p) for p in arguments.summarise)}.", total)
        print(text)
        if arguments.report:
            arguments.report.write_text(text)
        return
    part = parse_part(arguments.part)
    stages = choose_stages(arguments.stages, arguments.filter)

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
    if arguments.not_in:
        ran = {o.mutant.key for o in summarise(arguments.not_in, load_equivalents(arguments.equivalent))[0]}
        every = [m for m in every if m.key not in ran]
    population = every
    if arguments.drawn_at:
        ran = {o.mutant.key for o in summarise(arguments.not_in, load_equivalents(arguments.equivalent))[0]} if arguments.not_in else set()
        population = [m for m in mutants_at(list(sources), read_source(arguments.drawn_at)) if m.key not in ran]
    if arguments.stratify and arguments.max is not None:
        chosen = select_stratified(population, arguments.max, arguments.seed, arguments.stratify)[part[0]::part[1]]
    else:
        chosen = select(population, arguments.max, arguments.seed, part)
    if arguments.drawn_at:
        chosen, gone = carry_over(chosen, every)
        for mutant in gone:
            print(f"mutate: drawn at {arguments.drawn_at}, its line changed since, not run: {mutant.key}", file=sys.stderr)
    if arguments.same_as:
        expected = {o.mutant.key: o for o in summarise([arguments.same_as], load_equivalents(arguments.equivalent))[0]}
        chosen = [m for m in chosen if m.key in expected]
    if arguments.resume or arguments.rerun_survivors:
        if not arguments.log or not arguments.log.is_file():
            fail("--resume and --rerun-survivors need the --log of the run")
        latest = {o.mutant.key: o.status for o in summarise([arguments.log], load_equivalents(arguments.equivalent))[0]}
        if arguments.resume:
            chosen = [m for m in chosen if m.key not in latest]
        else:
            chosen = [m for m in chosen if latest.get(m.key) == "survived"]
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
    built, error = build(stages)
    if not built:
        fail(f"the unmutated projects do not build: {error}")
    took: dict[str, float] = {}
    if arguments.no_baseline:
        if set(parse_timeout(arguments.timeout, [name for name, _, _ in stages])) != {name for name, _, _ in stages}:
            fail("--no-baseline needs a --timeout for every stage: there is no unmutated run to take the time limits from")
        took = {name: 0.0 for name, _, _ in stages}
    else:
        status, detail = test(stages, None, took)
        if status != "survived":
            fail(f"the unmutated tests do not pass ({status}: {detail}); a mutation run needs them green")
    given = parse_timeout(arguments.timeout, [name for name, _, _ in stages])
    limits = {name: given.get(name, 3 * took[name] + 30) for name, _, _ in stages}
    model_only = None if arguments.full_build else ModelOnlyBuild(stages)
    baseline = ("the unmutated run skipped (--no-baseline)" if arguments.no_baseline
                else f"the unmutated tests pass ({', '.join(f'{n} {s:.0f} s' for n, s in took.items())})")
    print(f"mutate: {baseline}; {len(chosen)} mutants; "
          f"time limits {', '.join(f'{n} {s:.0f} s' for n, s in limits.items())}", flush=True)

    outcomes: list[Outcome] = []
    try:
        for number, mutant in enumerate(chosen, start=1):
            started = time.monotonic()
            path = ROOT / mutant.path
            try:
                path.write_text(mutant.apply(sources[mutant.path].decode("utf-8")), encoding="utf-8")
                timing: dict[str, float] = {}
                cpu: dict[str, float] = {}
                status, detail = test(stages, limits, timing, model_only, cpu)
            finally:
                path.write_bytes(sources[mutant.path])
            if status == "survived" and mutant.key in equivalents:
                status = "equivalent"
            outcome = Outcome(mutant, status, detail, time.monotonic() - started, timing, cpu)
            outcomes.append(outcome)
            if arguments.log:
                log_outcome(arguments.log, outcome)
            spent = ", ".join(f"{name} {seconds:.0f}/{cpu.get(name, 0):.0f} cpu" for name, seconds in timing.items())
            print(f"[{number}/{len(chosen)}] {status:<10} {outcome.seconds:5.0f} s ({spent})  {mutant.describe()}"
                  + (f"\n    {detail}" if detail else ""), flush=True)
    finally:
        restore_all()
        for relative, original in sources.items():
            if (ROOT / relative).read_bytes() != original:
                print(f"mutate: {relative} could not be restored: check it by hand", file=sys.stderr)
                sys.exit(3)
        if model_only is not None:
            model_only.stop()
        if outcomes:
            print("mutate: rebuilding the unmutated projects", file=sys.stderr, flush=True)
            built, error = build(stages)
            if not built:
                print(f"mutate: the unmutated projects do not build: {error}", file=sys.stderr)

    sample = f"a sample of {arguments.max} (seed {arguments.seed})" if arguments.max else "every mutant"
    if arguments.stratify and arguments.max:
        sample = f"a stratified sample (by {arguments.stratify}) of {arguments.max} (seed {arguments.seed})"
    if arguments.not_in:
        sample += f" of those not in {', '.join(str(p) for p in arguments.not_in)}"
    if part != (0, 1):
        sample += f", part {part[0]}/{part[1]}"
    heading = (f"Catalogue mutants of each file, {sample}; test stages: "
               f"{', '.join(f'{n} ({p}' + (f', {f}' if f else '') + ')' for n, p, f in stages)}; "
               f"time limit a stage: {', '.join(f'{n} {s:.0f} s' for n, s in limits.items())}.")
    text = report(outcomes, equivalents, heading, total)
    print(text)
    if arguments.report:
        arguments.report.write_text(text)
    if arguments.same_as:
        differences = compare(outcomes, expected)
        for line in differences:
            print(f"mutate: differs from {arguments.same_as}: {line}", file=sys.stderr)
        print(f"mutate: {len(outcomes) - len(differences)} of {len(outcomes)} verdicts as in {arguments.same_as}", file=sys.stderr)
        if differences:
            sys.exit(1)


def verdict(outcome: Outcome) -> str:
    """What a run decides about a mutant: stillborn, survived (equivalent or not), or killed with
    the stage that killed it (a time-out is a kill by its stage)."""
    if outcome.status in ("killed", "timeout"):
        return f"killed by {outcome.detail.split(':')[0]}"
    return "survived" if outcome.status == "equivalent" else outcome.status


def compare(outcomes: list[Outcome], expected: dict[str, Outcome]) -> list[str]:
    """Each mutant whose verdict differs from the expected (an earlier log's), described."""
    return [f"{o.mutant.describe()}: {verdict(o)}, expected {verdict(expected[o.mutant.key])}"
            for o in outcomes if o.mutant.key in expected and verdict(o) != verdict(expected[o.mutant.key])]


if __name__ == "__main__":
    main()
