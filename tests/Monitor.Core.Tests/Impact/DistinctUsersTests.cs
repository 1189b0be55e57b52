using Monitor.Core.Impact;
using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Impact;

public sealed class DistinctUsersTests
{
    private static readonly UserHash Hash = new("test key, sixteen bytes or more"u8);

    [Fact]
    public void Count_UpToTheLimit_IsExactWithRepeatsCountedOnce()
    {
        var users = new DistinctUsers();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < DistinctUsers.ExactLimit; i++)
            {
                users.Add(Hash.Of($"user{i}@example.jp"));
            }
        }

        Assert.True(users.IsExact);
        Assert.Equal(DistinctUsers.ExactLimit, users.Count);
    }

    [Fact]
    public void Count_PastTheLimit_EstimatesWithinTwoPercent()
    {
        var users = new DistinctUsers();
        for (var i = 0; i < 20_000; i++)
        {
            users.Add(Hash.Of($"user{i}@example.jp"));
        }

        Assert.False(users.IsExact);
        Assert.InRange(users.Count, 19_600, 20_400);
    }

    [Fact]
    public void UnionWith_ExactAndSketch_CountsEachUserOnce()
    {
        var small = new DistinctUsers();
        var large = new DistinctUsers();
        for (var i = 0; i < 1_000; i++)
        {
            small.Add(Hash.Of($"user{i}"));
        }

        for (var i = 500; i < 10_000; i++)
        {
            large.Add(Hash.Of($"user{i}"));
        }

        small.UnionWith(large);

        Assert.InRange(small.Count, 9_800, 10_200);
    }

    [Fact]
    public void UserHash_LoginCase_IsOnePerson() =>
        Assert.Equal(Hash.Of("Alice@Example.JP"), Hash.Of("alice@example.jp"));

    [Fact]
    public void UserHash_AnotherKey_AnotherId() =>
        Assert.NotEqual(Hash.Of("alice"), new UserHash("another key of sixteen bytes+"u8).Of("alice"));
}
