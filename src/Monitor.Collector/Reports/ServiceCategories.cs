namespace Monitor.Collector.Reports;

/// <summary>
/// The regulator's service categories for a major accident (重大な事故), worded as in MIC's
/// annual summary (seed 002), with the category number first as the summary table writes it.
/// </summary>
public static class ServiceCategories
{
    /// <summary>The wording of category 1 to 5, or null for 0 (not known) and anything else.</summary>
    public static string? Name(int category) => category switch
    {
        1 => "一：緊急通報を取り扱う音声伝送役務",
        2 => "二：緊急通報を取り扱わない音声伝送役務",
        3 => "三：セルラーLPWA(無線設備規則第49条の6の9第1項及び第5項又は同条第1項及び第6項で定める条件に適合する無線設備をいう。)"
            + "を使用する携帯電話(一の項又は二の項に掲げる電気通信役務を除く。)及び電気通信事業報告規則第1条第2項第18号に規定するアンライセンスLPWAサービス",
        4 => "四：利用者から電気通信役務の提供の対価としての料金の支払を受けないインターネット関連サービス(一から三までに掲げる電気通信役務を除く)",
        5 => "五：一の項から四の項までに掲げる電気通信役務以外の電気通信役務",
        _ => null,
    };

    /// <summary>An English gloss of category 1 to 5, or null for anything else.</summary>
    public static string? EnglishName(int category) => category switch
    {
        1 => "voice transmission handling emergency calls",
        2 => "voice transmission not handling emergency calls",
        3 => "mobile phones on cellular LPWA and unlicensed LPWA services",
        4 => "internet-related services users do not pay for",
        5 => "telecommunications services other than 1 to 4 (paid e-mail included)",
        _ => null,
    };
}
