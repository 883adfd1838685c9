package org.coldarchiving.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * archive.max-per-instance inside one process: at most that many archives of one instance at once. (Across
 * processes the SQS FIFO message groups hold the same limit; in-process, with the seda queue, this is the
 * only guard.) A slot is given back when the exchange that took it ends.
 */
public class InstanceSlots {

    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private int maxPerInstance = 1;

    /** Set from archive.max-per-instance. */
    public void setMaxPerInstance(int maxPerInstance) {
        this.maxPerInstance = maxPerInstance;
    }

    /** True, with a slot held until the exchange ends, when the instance has one free; false otherwise. */
    public boolean take(Exchange exchange, String instanceId) {
        Semaphore semaphore = slots.computeIfAbsent(instanceId, id -> new Semaphore(maxPerInstance));
        if (!semaphore.tryAcquire()) {
            return false;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                semaphore.release();
            }
        });
        return true;
    }
}
