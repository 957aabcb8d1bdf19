namespace Wbcheck.Model.Invariants;

/// <summary>
/// Use after free: no code touches a page after its last reference was dropped, nor a page
/// the allocator has since given to another file, through a reference it kept from before.
/// Checked at each touch (<see cref="Mm.PageAlloc.Touch(Mm.Page, int, string)"/>), as KASAN
/// checks each access; the report names who freed the page.
/// </summary>
public static class UseAfterFree
{
    public const string Name = "use-after-free";
}
