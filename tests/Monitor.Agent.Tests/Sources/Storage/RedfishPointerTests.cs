using System.Text.Json;
using Monitor.Agent.Sources.Storage;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>JSON pointers (RFC 6901) in Redfish addresses, on the RFC's own example document (section 5).</summary>
public sealed class RedfishPointerTests
{
    private static readonly JsonElement Rfc6901 = JsonDocument.Parse("""
        {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}
        """).RootElement;

    [Theory]
    [InlineData("/foo/0", "\"bar\"")]
    [InlineData("/", "0")]
    [InlineData("/a~1b", "1")]
    [InlineData("/c%d", "2")]
    [InlineData("/ ", "7")]
    [InlineData("/m~0n", "8")]
    [InlineData("", "{")]
    public void Resolve_Rfc6901Examples_FindsTheValue(string pointer, string expected) =>
        Assert.StartsWith(expected, RedfishPointer.Resolve(Rfc6901, pointer)!.Value.GetRawText(), StringComparison.Ordinal);

    [Theory]
    [InlineData("/foo/2")]
    [InlineData("/foo/01")]
    [InlineData("/foo/-1")]
    [InlineData("/a/b")]
    [InlineData("/m~1n")]
    public void Resolve_NothingThere_IsNull(string pointer) => Assert.Null(RedfishPointer.Resolve(Rfc6901, pointer));

    [Fact]
    public void Split_AddressWithFragment_GivesPathAndPointer() =>
        Assert.Equal(("/redfish/v1/Systems/1/Storage/1", "/StorageControllers/0"), RedfishPointer.Split("/redfish/v1/Systems/1/Storage/1#/StorageControllers/0"));
}
