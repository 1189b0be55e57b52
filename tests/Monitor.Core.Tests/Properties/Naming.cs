using System.Globalization;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// How a generated site spells its ids. Every id holds its place in the site (array, controller,
/// host, ...) so ids are unique; around that, a spelling of its own: prefixes in any case, dashes,
/// dots, underscores, digits, now and then Japanese or accented letters, as operators name things.
/// Each name is remembered with its place (<see cref="PlaceOf"/>), so outcomes of two spellings of
/// one site can be compared with the names taken out.
/// </summary>
internal sealed class Naming
{
    private static readonly string[] ControllerWords = ["ctl", "CTL", "ctrl", "Controller", "sp", "node", "コントローラ", "Ctrl"];
    private static readonly string[] HostWords = ["mail", "MAIL", "mx", "imap-gw", "Mailbox", "smtp.in", "メール", "poste"];
    private static readonly string[] VolumeWords = ["vol", "LUN", "store", "mbox.lun", "Volume", "ボリューム", "lun_"];
    private static readonly string[] ServiceWords = ["svc", "mail-service", "Brand", "isp.mail", "メールサービス", "Courriel"];
    private static readonly string[] PopulationWords = ["contracts", "users", "Kunden", "pop", "契約者"];
    private static readonly string[] Separators = ["-", ".", "_", "", "-", "."];
    private static readonly string[] DomainWords = ["example", "mail-isp", "brand", "kodomo", "biz"];
    private static readonly string[] Tlds = ["jp", "ne.jp", "co.jp", "or.jp", "com"];

    private readonly Random _random;
    private readonly bool _plain;
    private readonly Dictionary<string, string> _places = new(StringComparer.Ordinal);

    private Naming(int seed, bool plain)
    {
        _random = new Random(seed);
        _plain = plain;
    }

    /// <summary>The plain spelling: ctl-0-1, mail-3, vol-2.</summary>
    public static Naming Plain() => new(0, plain: true);

    /// <summary>A random spelling drawn from <paramref name="seed"/>.</summary>
    public static Naming Spelled(int seed) => new(seed, plain: false);

    /// <summary>The place of a name this spelling gave ("controller 0.1"), or the name itself when it gave none such.</summary>
    public string PlaceOf(string name) => _places.TryGetValue(name, out var place) ? place : name;

    public string Controller(int array, int controller) =>
        Name($"controller {array}.{controller}", ControllerWords, "ctl", $"{array}{Sep()}{Letter(controller)}");

    public string ControllerPort(string controller, int fabric) =>
        Name($"{PlaceOf(controller)} port {fabric}", ["fc", "FC", "port", "P"], "fc", $"{controller}:{Word(["fc", "FC", "p", "Port"])}{fabric + 1}", bare: true);

    public string Host(int host) => Name($"host {host}", HostWords, "mail", Number(host));

    public string HbaPort(string host, int fabric) =>
        Name($"{PlaceOf(host)} hba {fabric}", ["host"], "hba", $"{host}:{Word(["host", "hba", "HBA", "fc"])}{fabric}", bare: true);

    public string Volume(int volume) => Name($"volume {volume}", VolumeWords, "vol", Number(volume));

    public string Map(string host, int volume) =>
        Name($"{PlaceOf(host)} map {volume}", ["mpath"], "map", $"{host}/{Word(["mpath", "MPATH", "dm-", "mp."])}{volume}", bare: true);

    public string Path(string host, int device) =>
        Name($"{PlaceOf(host)} path {device}", ["path"], "path", $"{host}:{Word(["path", "P", "lnk", "経路"])}{Sep()}{device}", bare: true);

    /// <summary>The block device a path is, as its host names it (an alias, "host/sdc").</summary>
    public string Device(string host, int device) => Name($"{PlaceOf(host)} device {device}", ["sd"], "sd", $"{host}/sd{Letters(device)}", bare: true);

    public string Service(int service) => Name($"service {service}", ServiceWords, "svc", Number(service));

    public string Population(int population) => Name($"population {population}", PopulationWords, "pop", Number(population));

    /// <summary>A recipient and login domain: DNS names, lower case ASCII.</summary>
    public string Domain(int service, int population)
    {
        var plain = $"s{service}p{population}.example.jp";
        var name = _plain ? plain : $"{Word(DomainWords)}{service}{Word(["-", ""])}{population}.{Word(Tlds)}";
        _places[name] = $"domain {service}.{population}";
        return name;
    }

    private string Name(string place, string[] words, string plainWord, string unique, bool bare = false)
    {
        var name = _plain ? (bare ? unique : $"{plainWord}-{unique}")
            : bare ? unique
            : $"{Word(words)}{Sep()}{unique}{(_random.NextDouble() < 0.2 ? Sep() + Word(["a", "B", "tokyo", "東", "é", "x"]) : "")}";
        _places[name] = place;
        return name;
    }

    private string Word(string[] words) => _plain ? words[0] : words[_random.Next(words.Length)];

    private string Sep() => _plain ? "-" : Separators[_random.Next(Separators.Length)];

    private string Number(int n) =>
        _plain || _random.NextDouble() < 0.5 ? n.ToString(CultureInfo.InvariantCulture) : n.ToString("00", CultureInfo.InvariantCulture);

    private string Letter(int n) => _plain || _random.NextDouble() < 0.5 ? ((char)('a' + n)).ToString() : ((char)('A' + n)).ToString();

    // sdb, sdc, ..., sdz, sdaa, as the kernel names SCSI disks.
    private static string Letters(int index) =>
        index < 25 ? ((char)('b' + index)).ToString() : $"{(char)('a' + ((index + 1) / 26) - 1)}{(char)('a' + ((index + 1) % 26))}";
}
