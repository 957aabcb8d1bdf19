using System.Reflection;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Footprints;

/// <summary>
/// A step that changes a field must report a write of it: the partial-order reduction takes two
/// steps for independent when neither writes what the other touches, so a change made without
/// its write lets the engine run only one order of the step and a reader of the field on another
/// thread (the flusher and a dirtier, reclaim and truncate). For each of a handful of small
/// operations, in every era, every field of a model object that the operation changed, and that
/// a property of its object reads with a footprint (FieldFootprint: the field is the property's
/// backing field), is written by the operation under an id that read touches. (Fields only
/// methods report, such as the LRU lists or a page tree's count, are not matched to an id here.)
/// </summary>
public sealed class ChangedFieldsWrittenTests
{
    public static TheoryData<KernelEra, string> Cases()
    {
        var cases = new TheoryData<KernelEra, string>();
        foreach (var era in Enum.GetValues<KernelEra>())
        {
            foreach (var operation in new[] { "write", "dirty", "writepages", "truncate", "store", "reclaim" })
            {
                cases.Add(era, operation);
            }
        }

        return cases;
    }

    /// <summary>A file of three clean pages, page 0 dirtied, open and mapped shared; then the operation.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_field_an_operation_changes_is_among_its_writes(KernelEra era, string operation)
    {
        var world = new World(pages: 3, dirty: false, config: new KernelConfig { Era = era });
        world.Run(() => world.Pw.FolioMarkDirty(world.Page(0)));
        var file = world.Kernel.Open(world.Inode);
        var vma = world.Kernel.Memory.Mmap(world.Inode, world.Fs);
        var objects = ModelObjectGraph.From(world.Kernel, world.Fs, file, vma);
        var before = new FieldSnapshot(objects);

        var log = RecordedAccesses.Of(() => Run(world, file, vma, operation));

        var written = log.Where(entry => (entry & 1) == 1).Select(entry => entry >> 1).ToHashSet();
        var properties = FieldFootprint.Of(objects.Distinct()).Where(field => field.Read.Length > 0).ToList();
        var missing = new List<string>();
        var checkedNames = new List<string>();
        foreach (var (owner, field) in before.Changed())
        {
            foreach (var property in properties.Where(property => ReferenceEquals(property.Owner, owner) && Backs(field, property.Property)))
            {
                checkedNames.Add(property.Name);
                if (!property.Read.Any(entry => written.Contains(entry >> 1)))
                {
                    missing.Add($"{property.Name} ({field.Name})");
                }
            }
        }

        Assert.NotEmpty(checkedNames);
        Assert.True(missing.Count == 0, string.Join("\n", missing.Distinct()));
    }

    private static void Run(World world, OpenFile file, PageTable vma, string operation)
    {
        switch (operation)
        {
            case "write":
                world.Run(() => world.Filemap.GenericPerformWrite(file, 1));
                break;
            case "writepages":
                world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity()));
                world.CompleteAllIo();
                break;
            case "dirty":
                world.Run(() => world.Pw.FolioMarkDirty(world.Page(1)));
                break;
            case "truncate":
                world.Run(() => world.Kernel.Truncate.TruncateSetsize(world.Inode, 1));
                break;
            case "store":
                world.Run(() => world.Kernel.Memory.Store(vma, 2));
                break;
            default:
                world.Run(() => world.Kernel.Vmscan.ReclaimOne());
                break;
        }
    }

    /// <summary>The field is the property's own store: named as it (stateField, state, &lt;State&gt;k__BackingField for State).</summary>
    private static bool Backs(FieldInfo field, PropertyInfo property)
    {
        var name = field.Name.TrimStart('_');
        if (name.StartsWith('<'))
        {
            name = name[1..name.IndexOf('>')];
        }
        else if (name.EndsWith("Field", StringComparison.Ordinal) && name.Length > "Field".Length)
        {
            name = name[..^"Field".Length];
        }

        return string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase);
    }
}
