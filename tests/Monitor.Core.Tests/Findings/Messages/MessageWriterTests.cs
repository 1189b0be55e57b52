using Monitor.Core.Findings.Messages;

namespace Monitor.Core.Tests.Findings.Messages;

/// <summary>How a message is written: placeholders by kind, optional parts, times in the site's zone, each language its way.</summary>
public sealed class MessageWriterTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly NamedEntity CtlA = new("ctl-a", "Controller", "Storage controller A");

    private static readonly NamedEntity CtlB = new("ctl-b", "Controller", "Storage controller B");

    private static FindingMessage ControllerFailed(params MessageArgument[] arguments) =>
        new(StorageMessages.ControllerFailedPartnerAlone, arguments);

    [Fact]
    public void Write_ControllerFailed_WritesEachLanguageInTheSiteZone()
    {
        var message = ControllerFailed(
            new MessageArgument("controller", ArgumentKind.Entity, Entities: [CtlA]),
            MessageArgument.At("since", new DateTimeOffset(2017, 1, 12, 23, 53, 0, TimeSpan.Zero)),
            new MessageArgument("partner", ArgumentKind.Entity, Entities: [CtlB]));

        Assert.Equal(
            "Storage controller A (ctl-a) stopped at 08:53; its partner ctl-b now serves its volumes alone (degraded operation, no redundancy left).",
            MessageWriter.Write(message, MessageLanguage.English, Tokyo));
        Assert.Equal(
            "ストレージコントローラ ctl-aが8時53分に停止しました。対となるストレージコントローラ ctl-bが単独でボリュームを処理しており、冗長性のない縮退運転となっています。",
            MessageWriter.Write(message, MessageLanguage.Japanese, Tokyo));
    }

    [Fact]
    public void TryWrite_ArgumentMissing_IsNullAndWriteNamesIt()
    {
        var message = ControllerFailed(new MessageArgument("controller", ArgumentKind.Entity, Entities: [CtlA]));

        Assert.Null(MessageWriter.TryWrite(message, MessageLanguage.Japanese, Tokyo));
        var error = Assert.Throws<InvalidOperationException>(() => MessageWriter.Write(message, MessageLanguage.English, Tokyo));
        Assert.Contains(StorageMessages.ControllerFailedPartnerAlone, error.Message, StringComparison.Ordinal);
        Assert.Contains("controller", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryWrite_UnknownId_IsNull()
    {
        Assert.Null(MessageWriter.TryWrite(new FindingMessage("from_a_newer_agent", []), MessageLanguage.English, Tokyo));
    }

    [Theory]
    [InlineData(0.012, "12 ms", "12ミリ秒")]
    [InlineData(0.25, "250 ms", "250ミリ秒")]
    [InlineData(4.2, "4.2 s", "4.2秒")]
    [InlineData(45, "45 s", "45秒")]
    [InlineData(45 * 60, "45 min", "45分")]
    [InlineData(3 * 3600 + 38 * 60, "3h38m", "3時間38分")]
    [InlineData(3 * 86400, "3 days", "3日")]
    public void Duration_BySize_PicksItsUnit(double seconds, string english, string japanese)
    {
        Assert.Equal(english, MessageFigures.Duration(seconds, japanese: false));
        Assert.Equal(japanese, MessageFigures.Duration(seconds, japanese: true));
    }

    [Theory]
    [InlineData(800e6, "800 MB", "800MB")]
    [InlineData(1.25e9, "1.3 GB", "1.3GB")]
    [InlineData(2e12, "2 TB", "2TB")]
    public void Bytes_BySize_PicksItsUnit(double bytes, string english, string japanese)
    {
        Assert.Equal(english, MessageFigures.Bytes(bytes, japanese: false));
        Assert.Equal(japanese, MessageFigures.Bytes(bytes, japanese: true));
    }

    [Fact]
    public void EntityText_SeveralOfOneKind_NamesTheKindOnce()
    {
        NamedEntity[] paths = [new("mail01:ctl-a", "Path", "mail01:ctl-a"), new("mail02:ctl-a", "Path", "mail02:ctl-a")];

        Assert.Equal("アクセスパス mail01:ctl-a、mail02:ctl-a", EntityText.Write(paths, MessageLanguage.Japanese));
        Assert.Equal("mail01:ctl-a, mail02:ctl-a", EntityText.Write(paths, MessageLanguage.English));
    }

    [Fact]
    public void EntityText_JapaneseName_IsUsedAsItIs()
    {
        NamedEntity[] service = [new("cty-mail", "Service", "CTY 電子メールサービス")];

        Assert.Equal("CTY 電子メールサービス", EntityText.Write(service, MessageLanguage.Japanese));
        Assert.Equal("CTY 電子メールサービス (cty-mail)", EntityText.Write(service, MessageLanguage.English));
    }

    [Fact]
    public void Terms_UnknownKey_IsWrittenAsItsName()
    {
        Assert.Equal("メールの受信（POP3）", MessageTerms.Write("function.pop3", MessageLanguage.Japanese));
        Assert.Equal("fax", MessageTerms.Write("function.fax", MessageLanguage.Japanese));
        Assert.Equal("impact.other", MessageTerms.KeyOr("impact", "fax"));
        Assert.Equal("impact.pop3", MessageTerms.KeyOr("impact", "pop3"));
    }

    [Theory]
    [InlineData(1, "1 drive of volume vol-mail predicts its failure: replace it while")]
    [InlineData(3, "3 drives of volume vol-mail predict their failure: replace them while")]
    public void Write_CountOfOneOrMore_PicksTheEnglishWord(int drives, string expected)
    {
        var message = FindingMessage.Of(
            StorageMessages.DriveFailurePredicted,
            MessageArgument.At("since", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            MessageArgument.Count("drives", drives),
            new MessageArgument("volume", ArgumentKind.Entity, Entities: [new("vol-mail", "Volume", "mail store")]));

        Assert.Contains(expected, MessageWriter.Write(message, MessageLanguage.English, Tokyo), StringComparison.Ordinal);
        Assert.Contains($"ドライブ{drives}台", MessageWriter.Write(message, MessageLanguage.Japanese, Tokyo), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OptionalParts_AreWrittenOnlyWithAllTheirValues()
    {
        MessageArgument?[] always =
        [
            new MessageArgument("controller", ArgumentKind.Entity, Entities: [CtlB]),
            new MessageArgument("partner", ArgumentKind.Entity, Entities: [CtlA]),
            MessageArgument.Bytes("rated", 800e6),
            MessageArgument.At("since", new DateTimeOffset(2017, 1, 12, 23, 53, 0, TimeSpan.Zero)),
        ];

        var both = MessageWriter.Write(FindingMessage.Of(StorageMessages.DegradedOverloadThroughput, [.. always, MessageArgument.Share("now", 1.2), MessageArgument.Share("iops", 0.5)]), MessageLanguage.English, Tokyo);
        var nowOnly = MessageWriter.Write(FindingMessage.Of(StorageMessages.DegradedOverloadThroughput, [.. always, MessageArgument.Share("now", 1.2)]), MessageLanguage.English, Tokyo);
        var neither = MessageWriter.Write(FindingMessage.Of(StorageMessages.DegradedOverloadThroughput, [.. always, MessageArgument.Share("iops", 0.5)]), MessageLanguage.Japanese, Tokyo);

        Assert.Contains("rated 800 MB/s since 08:53 (now 120%, IOPS at 50%);", both, StringComparison.Ordinal);
        Assert.Contains("since 08:53 (now 120%);", nowOnly, StringComparison.Ordinal);
        Assert.Contains("データを転送しています。入出力", neither, StringComparison.Ordinal);
        Assert.DoesNotContain("50%", neither, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Parts_AreJoinedInEachLanguage()
    {
        FindingMessage Host(string host, string down) => FindingMessage.Of(
            PathMessages.PathsOfHost,
            new MessageArgument("host", ArgumentKind.Entity, Entities: [new(host, "Host", host)]),
            MessageArgument.Count("up", 1),
            MessageArgument.Count("total", 2),
            new MessageArgument("down", ArgumentKind.Entities, Entities: [new(down, "Path", down)]));
        var message = FindingMessage.Of(
            PathMessages.PathsDegradedLastPath,
            MessageArgument.At("since", new DateTimeOffset(2017, 1, 12, 23, 53, 0, TimeSpan.Zero)),
            new MessageArgument("volume", ArgumentKind.Entity, Entities: [new("vol-mail", "Volume", "mail store")]),
            MessageArgument.PartList("hosts", [Host("mail01", "mail01:ctl-a"), Host("mail02", "mail02:ctl-a")]));

        Assert.Contains(
            "reached by mail01 over 1 of 2 paths (mail01:ctl-a down); mail02 over 1 of 2 paths (mail02:ctl-a down): degraded",
            MessageWriter.Write(message, MessageLanguage.English, Tokyo),
            StringComparison.Ordinal);
        Assert.Contains(
            "（ホスト mail01からは経路2本のうち1本（停止: アクセスパス mail01:ctl-a）、ホスト mail02からは経路2本のうち1本（停止: アクセスパス mail02:ctl-a））",
            MessageWriter.Write(message, MessageLanguage.Japanese, Tokyo),
            StringComparison.Ordinal);
    }
}
