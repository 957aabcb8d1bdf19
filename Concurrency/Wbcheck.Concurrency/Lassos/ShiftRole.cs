namespace Wbcheck.Concurrency.Lassos;

/// <summary>
/// How <see cref="RelativeFingerprint"/> takes a field of the model's state: as it is, or
/// relative to the state's cursor (a page index), its clock, or its first-met numbering.
/// </summary>
internal enum ShiftRole
{
    /// <summary>Hashed as it is (every field not named in <see cref="ShiftRoles"/>).</summary>
    Plain,

    /// <summary>A page index: hashed as its distance from the cursor (a value of 2^40 or more, a sentinel such as LLONG_MAX, as it is).</summary>
    PageIndex,

    /// <summary>A page's own index: as <see cref="PageIndex"/>, and the page counts for the cursor when it is dirty, locked or under writeback.</summary>
    OwnIndex,

    /// <summary>A file offset in bytes: its distance from the cursor's first byte.</summary>
    ByteOffset,

    /// <summary>A data version stamped from an inode's clock: its age (the clock minus it); 0, never written, as it is.</summary>
    Version,

    /// <summary>The clock versions are stamped from: not hashed (versions are taken relative to the largest clock).</summary>
    Clock,

    /// <summary>An identity that is only compared for equality (a frame, a bio, a thread): renumbered in the order first met.</summary>
    Identity,

    /// <summary>Where fresh identities come from (the next bio id, the next frame): not hashed, new ones are renumbered anyway.</summary>
    IdentitySource,

    /// <summary>A budget counted down from a huge value and compared with 0 alone: values of 2^40 or more hashed as one.</summary>
    HugeBudget,

    /// <summary>Derived from other fields, or read only for the trace and messages: not hashed.</summary>
    Derived,

    /// <summary>An array indexed by page index (the page tree's slots and marks): only the slots from the cursor on, by distance.</summary>
    PageIndexedArray,

    /// <summary>A dictionary keyed by (inode, page index) (the device's blocks): only the keys from the cursor on, by distance; values are versions.</summary>
    PageKeyedVersions,

    /// <summary>A list of pages kept in order (the list era's clean_pages): the pages below the cursor left out.</summary>
    PageList,

    /// <summary>
    /// A floating proportion's event count or period (lib/proportions.c): hashed in its exact
    /// relative form (<see cref="ProportionsForm"/>: t within its period, a local's count as
    /// prop_norm would leave it) when every count of the state can be taken so, else as it is.
    /// </summary>
    Proportion,
}
