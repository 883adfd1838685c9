package org.coldarchiving.journal;

import org.coldarchiving.dump.DumpInfo;
import org.coldarchiving.manifest.StoredManifest;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.StoredArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Journals a stored, checked and tagged archive ARCHIVED ({@link Journal#archived}), trying a failed write
 * again: the object is complete, so a DynamoDB fault that outlasts the SDK's own retries must not cost the
 * archive its row. {@value #ATTEMPTS} attempts, the first retry after {@value #FIRST_DELAY_MILLIS} ms,
 * doubling (15 s in all). A refused write (ConditionalCheckFailed: the item is no longer this process's
 * RUNNING item, another process took the archive over) is not tried again. The last failure goes to the
 * archive's error handler, which reports it and leaves the item RUNNING for recovery (journal-failure).
 * (A bean, not a Camel redelivery policy: an error handler that retried inside the step would, once
 * exhausted, keep archive-errors from reporting the failure.)
 */
public class ArchivedWrite {

    static final int ATTEMPTS = 5;
    static final long FIRST_DELAY_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ArchivedWrite.class);

    public void archived(Journal journal, ArchiveTarget target, StoredArchive stored, DumpInfo dump,
            StoredManifest manifest) throws InterruptedException {
        long delay = FIRST_DELAY_MILLIS;
        for (int attempt = 1;; attempt++) {
            try {
                journal.archived(target, stored, dump, manifest);
                return;
            } catch (ConditionalCheckFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warn("Journaling {} of run {} ARCHIVED failed (attempt {} of {}, again in {} ms): {}",
                        target.databaseId(), target.runId(), attempt, ATTEMPTS, delay, e.getMessage());
                Thread.sleep(delay);
                delay *= 2;
            }
        }
    }
}
