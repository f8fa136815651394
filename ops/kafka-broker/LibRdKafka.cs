using System.Reflection;
using System.Runtime.InteropServices;

namespace Ledger.KafkaBroker;

/// <summary>
/// The few librdkafka functions the broker needs (rdkafka.h and rdkafka_mock.h of 2.16.0).
/// The mock API is experimental and outside librdkafka's ABI guarantees: that's why the
/// package version is pinned exactly.
/// </summary>
internal static partial class LibRdKafka
{
    private const string Lib = "librdkafka";

    internal const int RdKafkaProducer = 0; // rd_kafka_type_t RD_KAFKA_PRODUCER

    // rd_kafka_conf_t *rd_kafka_conf_new(void);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_conf_new();

    // rd_kafka_conf_res_t rd_kafka_conf_set(rd_kafka_conf_t *conf, const char *name, const char *value,
    //     char *errstr, size_t errstr_size);   (RD_KAFKA_CONF_OK is 0)
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(nint conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

    // rd_kafka_t *rd_kafka_new(rd_kafka_type_t type, rd_kafka_conf_t *conf, char *errstr, size_t errstr_size);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_new(int type, nint conf, [Out] byte[] errstr, nuint errstrSize);

    // void rd_kafka_destroy(rd_kafka_t *rk);
    [LibraryImport(Lib)]
    internal static partial void rd_kafka_destroy(nint rk);

    // Functions returning const char * return nint here: a string return would make the
    // marshaller free() memory that belongs to librdkafka.

    // const char *rd_kafka_err2str(rd_kafka_resp_err_t err);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_err2str(int err);

    // const char *rd_kafka_version_str(void);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_version_str();

    // rd_kafka_mock_cluster_t *rd_kafka_mock_cluster_new(rd_kafka_t *rk, int broker_cnt);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    // void rd_kafka_mock_cluster_destroy(rd_kafka_mock_cluster_t *mcluster);
    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    // const char *rd_kafka_mock_cluster_bootstraps(const rd_kafka_mock_cluster_t *mcluster);
    [LibraryImport(Lib)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    // rd_kafka_resp_err_t rd_kafka_mock_topic_create(rd_kafka_mock_cluster_t *mcluster,
    //     const char *topic, int partition_cnt, int replication_factor);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(nint mcluster, string topic, int partitionCount, int replicationFactor);

    // void rd_kafka_mock_group_initial_rebalance_delay_ms(rd_kafka_mock_cluster_t *mcluster, int32_t delay_ms);
    [LibraryImport(Lib)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(nint mcluster, int delayMs);

    // void rd_kafka_mock_broker_set_host_port(rd_kafka_mock_cluster_t *mcluster,
    //     int32_t broker_id, const char *host, int port);
    // Changes only what Metadata advertises; the broker keeps listening on its random port.
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void rd_kafka_mock_broker_set_host_port(nint mcluster, int brokerId, string host, int port);

    /// <summary>
    /// Loads the native build that works on this machine. The package's plain linux-x64
    /// librdkafka.so links libsasl2.so.3, which Debian doesn't ship under that name; the
    /// centos8 build beside it has no such dependency. Debian's own librdkafka is never used:
    /// only the pinned build has the mock API this program was written against.
    /// </summary>
    internal static void UseBundledLibrary()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Lib)
        {
            return 0;
        }

        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var dir = Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{arch}", "native");
        string[] candidates = [Path.Combine(dir, "centos8-librdkafka.so"), Path.Combine(dir, "librdkafka.so")];
        foreach (var path in candidates)
        {
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
            {
                LoadedFrom = path;
                return handle;
            }
        }

        throw new DllNotFoundException($"no loadable librdkafka among: {string.Join(", ", candidates)}");
    }

    internal static string LoadedFrom { get; private set; } = "";

    internal static string Str(nint utf8) => Marshal.PtrToStringUTF8(utf8) ?? "";
}
