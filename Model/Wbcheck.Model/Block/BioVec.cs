using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Block;

/// <summary>One page of a bio, with the data version the bio carries for it.</summary>
public readonly record struct BioVec(Page Page, long Version);
