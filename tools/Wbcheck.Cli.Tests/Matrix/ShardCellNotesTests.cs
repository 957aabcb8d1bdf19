using Wbcheck.Cli.Matrix;
using Wbcheck.Model;
using Wbcheck.Properties.Checking;

namespace Wbcheck.Cli.Tests.Matrix;

/// <summary>
/// What a property cell's cases noted goes through a shard file, so a merged matrix shows the
/// notes the unsharded run would (docs/eras.md section 112).
/// </summary>
public sealed class ShardCellNotesTests
{
    [Fact]
    public void A_cell_s_notes_survive_the_shard_file()
    {
        var noted = new NotedCases(3, "background writeback bounded by nr_to_write: page 20 of inode 1 starts writeback in a WB_SYNC_NONE pass whose nr_to_write is spent (0)");
        var cell = new MatrixCell { Column = "ascending lock order", Era = KernelEra.V2_6_20, Expected = "holds", Found = "holds", Short = "holds", Notes = noted };
        var file = new MatrixShardFile
        {
            ModelVersion = ModelVersion.Current,
            Shard = "1/1",
            Seed = null,
            Eras = ["2.6.20"],
            Checks = ["ascending lock order"],
            Cells = [ShardCell.From(cell, 0), ShardCell.From(cell with { Notes = null }, 1)],
            Seconds = 1,
            Workers = 1,
        };
        var path = Path.Combine(Path.GetTempPath(), $"wbcheck-shard-notes-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, file.ToJson());
        try
        {
            var cells = MatrixShardFile.Load(path).Cells;

            Assert.Equal(noted, cells[0].ToCell(KernelEra.V2_6_20).Notes);
            Assert.Null(cells[1].ToCell(KernelEra.V2_6_20).Notes);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
