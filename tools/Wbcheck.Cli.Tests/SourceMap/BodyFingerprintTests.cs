using Wbcheck.Cli.SourceMap;

namespace Wbcheck.Cli.Tests.SourceMap;

public sealed class BodyFingerprintTests
{
    [Fact]
    public void Reformatting_and_recommenting_a_body_keeps_its_fingerprint()
    {
        Assert.Equal(FingerprintOf("fingerprint/original.c"), FingerprintOf("fingerprint/reformatted.c"));
    }

    [Fact]
    public void Changing_one_token_changes_the_fingerprint()
    {
        Assert.NotEqual(FingerprintOf("fingerprint/original.c"), FingerprintOf("fingerprint/changed.c"));
    }

    [Fact]
    public void A_fingerprint_is_16_hex_digits_of_the_sha256_of_the_space_joined_tokens()
    {
        // Recorded fingerprints in the model depend on this exact definition: changing it makes every one drift.
        var body = Assert.Single(CSourceFile.Parse("int f(void) { /* c */ return  1 ; }").Functions);

        Assert.Equal("{ return 1 ; }", BodyFingerprint.NormalizedText(body.Body));
        Assert.Equal("0b2bea2229e6f3fc", BodyFingerprint.Compute(body));
    }

    [Fact]
    public void Each_branch_of_a_conditional_definition_counts()
    {
        var both = CSourceFile.Parse("#ifdef A\nvoid f(void) { a(); }\n#else\nvoid f(void) { b(); }\n#endif\n").Find("f");
        var changed = CSourceFile.Parse("#ifdef A\nvoid f(void) { a(); }\n#else\nvoid f(void) { c(); }\n#endif\n").Find("f");

        Assert.Equal(2, both.Count);
        Assert.NotEqual(BodyFingerprint.Compute(both), BodyFingerprint.Compute(changed));
    }

    private static string FingerprintOf(string fixture) =>
        BodyFingerprint.Compute(Assert.Single(CSourceFile.Parse(Fixture.Read(fixture)).Find("wait_for_pages")));
}
