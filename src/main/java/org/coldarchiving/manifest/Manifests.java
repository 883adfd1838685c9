package org.coldarchiving.manifest;

import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.StoredArchive;

/** The manifest of an archive, from its target, the stored object and the dump's counts. */
public class Manifests {

    public Manifest of(ArchiveTarget target, StoredArchive uploaded, CountedDump counted) {
        return new Manifest(target.instance().engine().id(), target.databaseId(), target.database(), target.runId(),
                uploaded.key(), counted.counted(), counted.tables());
    }
}
