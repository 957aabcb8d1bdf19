#!/usr/bin/env bash
# The end-to-end check of "check your own filesystem" (docs/getting-started.md): pack the
# solution into a local folder, install the template from it, make a project with
# `dotnet new wbcheck-fs` in a scratch folder outside the repository, and test it against the
# packed packages: it must pass; with the getting-started page's broken ->writepages it must
# fail with a shrunk counterexample. Then the two samples: each passes, and each catches its bug
# switch (their tests turn it on and assert the catch).
#
#   tools/check-fs-template.sh [SCRATCH]     (default: a new folder under $TMPDIR)
#
# Nothing outside SCRATCH is changed: the template is installed into SCRATCH/hive
# (--debug:custom-hive) and packages are restored into SCRATCH/nuget-packages, so a stale cached
# copy of the same version is never used. The local folder is passed as
# RestoreAdditionalProjectSources: no NuGet.config is written.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$(mktemp -d "${TMPDIR:-/tmp}/wbcheck-fs.XXXXXX")}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
case "$scratch/" in "$repo"/*) echo "check-fs-template: the scratch folder must be outside the repository" >&2; exit 2 ;; esac
feed=$scratch/packages
hive=$scratch/hive
restore=(-p:RestoreAdditionalProjectSources="$feed" -p:RestorePackagesPath="$scratch/nuget-packages")

echo "== pack into $feed"
dotnet pack "$repo/Verification.sln" -c Release -o "$feed" --nologo -v quiet
ls "$feed"

echo "== dotnet new install"
dotnet new install "$feed"/Wbcheck.Templates.*.nupkg --debug:custom-hive "$hive"

echo "== dotnet new wbcheck-fs, dotnet test (must pass)"
rm -rf "$scratch/MyFs.Tests"
dotnet new wbcheck-fs -o "$scratch/MyFs.Tests" --debug:custom-hive "$hive"
dotnet test "$scratch/MyFs.Tests" "${restore[@]}" --nologo

echo "== the getting-started page's broken ->writepages (must fail)"
cp "$repo/docs/getting-started/BrokenMyFilesystem.cs" "$scratch/MyFs.Tests/MyFilesystem.cs"
if dotnet test "$scratch/MyFs.Tests" "${restore[@]}" --nologo > "$scratch/broken.log" 2>&1; then
  echo "check-fs-template: the broken ->writepages passed; it must fail" >&2
  exit 1
fi
grep -q "Falsifiable" "$scratch/broken.log" || { echo "check-fs-template: no shrunk counterexample in $scratch/broken.log" >&2; exit 1; }
grep -m1 -A12 "Falsifiable" "$scratch/broken.log"

echo "== the samples (each passes, and catches its bug switch)"
dotnet test "$repo/samples/XfsLike.Tests" --nologo
dotnet test "$repo/samples/Ext4Like.Tests" --nologo
echo "check-fs-template: all passed ($scratch)"
