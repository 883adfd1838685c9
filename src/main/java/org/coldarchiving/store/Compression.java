package org.coldarchiving.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.ZstdOutputStream;

/** How a dump is compressed on its way to S3; the object's extension says which. */
public enum Compression {
    ZSTD(".zst"),
    GZIP(".gz"),
    NONE("");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Journal and metadata name: zstd, gzip or none. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Compression fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("archive.compression=" + name + " is not valid: use zstd, gzip or none");
        }
    }

    /**
     * Wraps the destination in this compressor.
     *
     * @param level   compression level (zstd 1-19, gzip 1-9); 0 means the compressor's default
     * @param workers zstd worker threads (0: compress on the calling thread)
     */
    public OutputStream wrap(OutputStream out, int level, int workers) throws IOException {
        switch (this) {
            case ZSTD: {
                ZstdOutputStream zstd = new ZstdOutputStream(out, level == 0 ? 3 : level);
                if (workers > 0) {
                    zstd.setWorkers(workers);
                }
                return zstd;
            }
            case GZIP:
                return new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(level == 0 ? 6 : level);
                    }
                };
            default:
                return out;
        }
    }
}
