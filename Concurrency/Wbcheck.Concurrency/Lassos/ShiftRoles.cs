using System.Collections.Frozen;
using System.Reflection;

namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// The model's index-valued fields, ghost counters and identities, named for
/// <see cref="RelativeFingerprint"/>: the one place that says which integer of the kernel's state
/// is a page index (shifted with the cursor), a data version (taken relative to the clock), an
/// identity (renumbered) or derived (left out). Keys are "Type.field" for a class's fields and
/// "Type.Method.local" for an async method's locals and parameters (its state machine's fields).
/// A field not named here is hashed as it is, so a name that goes stale only keeps a lasso from
/// being found; <see cref="Stale"/> (run by a test) fails on a name that names no field.
/// Whether shifting a field is sound is the proviso of docs/search.md ("Lasso livelocks"): every
/// comparison a cycle makes with it is with another shifted value, or with a constant whose
/// outcome no longer changes; it is argued for each scenario that declares the abstraction.
/// </summary>
internal static class ShiftRoles
{
    private static readonly FrozenDictionary<string, ShiftRole> Roles = new Dictionary<string, ShiftRole>
    {
        // struct page: index, the data versions the lost-data monitor compares, the frame number.
        ["Page.indexField"] = ShiftRole.OwnIndex,
        ["Page.versionField"] = ShiftRole.Version,
        ["Page.committedVersionField"] = ShiftRole.Version,
        ["Page.<Frame>k__BackingField"] = ShiftRole.Identity,
        ["PageAlloc.frames"] = ShiftRole.IdentitySource,

        // The page tree: its slots and marks by index; its count is the slots that are not empty.
        ["PageTree.pages"] = ShiftRole.PageIndexedArray,
        ["PageTree.marks"] = ShiftRole.PageIndexedArray,
        ["PageTree.count"] = ShiftRole.Derived,

        // The list era's page lists: the clean pages left behind are dropped; the page-to-node map
        // is the lists again.
        ["PageLists.lists"] = ShiftRole.PageList,
        ["PageLists.nodes"] = ShiftRole.Derived,

        // The LRU's order (every cached page, tail to head): the clean pages left behind are
        // dropped, as from the list era's lists.
        ["Vmscan.lru"] = ShiftRole.PageList,

        // The inode: i_size in bytes, the clock its pages' versions are stamped from.
        ["Inode.sizeField"] = ShiftRole.ByteOffset,
        ["Inode.versionClockField"] = ShiftRole.Clock,

        // Wait queues are known by where they are reached from: a page's number, name and access id
        // are its index and frame again.
        ["WaitQueue.number"] = ShiftRole.Derived,
        ["WaitQueue.name"] = ShiftRole.Derived,
        ["WaitQueue.accessId"] = ShiftRole.Derived,

        // The block device: what it holds of each page, bio numbering.
        ["BlockDevice.stable"] = ShiftRole.PageKeyedVersions,
        ["BlockDevice.lost"] = ShiftRole.PageKeyedVersions,
        ["BlockDevice.nextBioId"] = ShiftRole.IdentitySource,
        ["Bio.idField"] = ShiftRole.Identity,
        ["BioVec.<Version>k__BackingField"] = ShiftRole.Version,

        // Threads: an id is compared for equality only (lock holders); the names and step labels
        // are for the trace (the model never reads a label's argument).
        ["ModelThread.<Id>k__BackingField"] = ShiftRole.Identity,
        ["ModelThread.<Name>k__BackingField"] = ShiftRole.Derived,
        ["StepLabel.<Arg>k__BackingField"] = ShiftRole.Derived,

        // writeback_control: nr_to_write of a data-integrity walk starts at LONG_MAX and is only
        // compared with 0.
        ["WritebackControl.<NrToWrite>k__BackingField"] = ShiftRole.HugeBudget,

        // write_cache_pages (2.6.x): the walk's cursor and the last page it handled.
        ["PageWriteback.WriteCachePagesClassic.index"] = ShiftRole.PageIndex,
        ["PageWriteback.WriteCachePagesClassic.doneIndex"] = ShiftRole.PageIndex,

        // The buffered write of one page: its index.
        ["Filemap.GenericFileWriteIter.index"] = ShiftRole.PageIndex,

        // The throttle's arithmetic, made on first use from the era and the faults and holding
        // nothing else: whether it has been made yet is no state of the kernel.
        ["DirtyThrottle.arithmetic"] = ShiftRole.Derived,

        // The floating proportions of 2.6.29 and 2.6.36 (lib/proportions.c): t grows for ever, and
        // only t within its period and each local's count as prop_norm would leave it are ever
        // used (ProportionsForm).
        ["PropDescriptor.eventsField"] = ShiftRole.Proportion,
        ["PropLocal.eventsField"] = ShiftRole.Proportion,
        ["PropLocal.periodField"] = ShiftRole.Proportion,
        ["PropLocal.shiftField"] = ShiftRole.Proportion,

        // The scenarios' writers: the page they write next.
        ["FsyncVsDirtier.WriteAhead.index"] = ShiftRole.PageIndex,
        ["BioRedirty.AppendPages.index"] = ShiftRole.PageIndex,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The role of <paramref name="field"/>, declared by <paramref name="declaring"/>.</summary>
    public static ShiftRole Of(Type declaring, FieldInfo field) =>
        Roles.GetValueOrDefault(KeyOf(declaring, field), ShiftRole.Plain);

    /// <summary>"Type.field", or "Type.Method.local" for a field of an async method's state machine.</summary>
    public static string KeyOf(Type declaring, FieldInfo field)
    {
        var name = declaring.Name;
        if (name.StartsWith('<') && declaring.DeclaringType is { } outer && name.IndexOf('>', StringComparison.Ordinal) is var end and > 1)
        {
            // <Method>d__12's fields: parameters by name, locals as <local>5__3.
            var local = field.Name.StartsWith('<') && field.Name.IndexOf('>', StringComparison.Ordinal) is var close and > 1
                ? field.Name[1..close]
                : field.Name;
            return $"{OuterName(outer)}.{name[1..end]}.{local}";
        }

        return $"{OuterName(declaring)}.{field.Name}";
    }

    private static string OuterName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>The names that name no field of <paramref name="types"/>' fields or async methods' state machines.</summary>
    public static IEnumerable<string> Stale(IEnumerable<Type> types)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var nested in type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).Prepend(type))
            {
                foreach (var field in nested.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    known.Add(KeyOf(nested, field));
                }
            }
        }

        return Roles.Keys.Where(key => !known.Contains(key)).Order(StringComparer.Ordinal);
    }
}
