package cn.alliance.es;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Starts one Elasticsearch node on 127.0.0.1 and keeps it running until the process is stopped.
 *
 * <p>Arguments: the node's home folder (data and logs live below it), the HTTP port, and the folder
 * holding the module bundles (target/modules: transport-netty4 with its jars).
 */
public final class LocalElasticsearch {
    private LocalElasticsearch() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int httpPort = Integer.parseInt(args[1]);
        Path modules = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "alliance-local")
            .put("node.name", "alliance-local-1")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", httpPort + 100)
            // A development node on a shared machine: keep indexing even when the disk is fullish.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = new Environment(settings, home.resolve("config"));
        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(modules), Set.of(), Map.of()
        );
        Node node = new Node(environment, plugins);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException e) {
                e.printStackTrace();
            }
        }));
        node.start();
        System.out.println("Elasticsearch " + Build.current().version() + " listening on http://127.0.0.1:" + httpPort);
        Thread.currentThread().join();
    }
}
