package org.coldarchiving;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.coldarchiving.run.OneShotRun;

/**
 * Starts cold-archiving: Camel Main with the routes under {@code routes/} and the settings of
 * {@code application.properties}. In one-shot mode ({@code archive.once=true}) the process exits after
 * one cycle, with status 0 only if every database was archived.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Application.class);
        // Settings and routes are files beside the application (the working directory), so an operator
        // can read and change them without rebuilding.
        main.setPropertyPlaceholderLocations("file:application.properties");
        AtomicInteger oneShotExit = new AtomicInteger(-1);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport stopping) {
                OneShotRun run = stopping.getCamelContext().getRegistry().findSingleByType(OneShotRun.class);
                if (run != null) {
                    oneShotExit.set(run.exitCode());
                }
            }
        });
        int exit = main.run(args);
        System.exit(exit != 0 ? exit : Math.max(oneShotExit.get(), 0));
    }
}
