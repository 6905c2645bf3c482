package kg.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j Community server for kg's tests: the embedded DBMS with its Bolt connector on
 * 127.0.0.1, authentication on, everything under one home folder.
 *
 * <pre>java -cp ... kg.neo4j.Launcher HOME PORT PASSWORD [DATABASE]</pre>
 *
 * Sets user neo4j's password (no change required), prints {@code kg-neo4j ready ...} on
 * standard output once Bolt answers, and serves until its standard input closes (or it is
 * terminated). DATABASE (default {@code neo4j}) is the default database; a store already in
 * HOME/data/databases/DATABASE (from {@code neo4j-admin database import full}) is served as is.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: Launcher HOME PORT PASSWORD [DATABASE]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args[2];
        String database = args.length == 4 ? args[3] : "neo4j";
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.initial_default_database, database)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .build();
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                dbms.shutdown();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "kg-neo4j-shutdown"));

        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        System.out.println("kg-neo4j ready bolt://127.0.0.1:" + port + " database " + database);
        System.out.flush();

        InputStream in = System.in;
        while (in.read() != -1) {
            // serve until the parent closes our standard input
        }
        stop.run();
        System.exit(0);
    }
}
