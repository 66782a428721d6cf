package dev.steward.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Values read from the datastore, kept until this node hears of a change ({@link #changed}) or for at most
 * a time bound (for changes it is not told of, e.g. made on another node).
 *
 * <p>Each value is kept with the change count read before the datastore was, and is used only while that
 * count is unchanged. A change that commits during a read bumps the count already or will (listeners are
 * told after the commit), so the value that read puts back can never outlive the change. Removing entries
 * instead could race such a read. Any change makes every key read again once: for data that changes rarely
 * next to how often it is read.
 */
public final class VersionedCache<K, V> {
    private final AtomicLong changes = new AtomicLong();
    private final Cache<K, Versioned<V>> cache;

    private record Versioned<V>(long version, V value) {
    }

    /** {@code clock} drives the bound, so tests can step it. */
    public VersionedCache(Clock clock, Duration bound, long maxEntries) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(bound)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    public V get(K key, Function<K, V> read) {
        return get(key, read, value -> true);
    }

    /** The kept value while no change was heard of since it was read; else {@code read}'s, kept if {@code keep} says so. */
    public V get(K key, Function<K, V> read, Predicate<V> keep) {
        long version = changes.get();
        Versioned<V> kept = cache.getIfPresent(key);
        if (kept != null && kept.version() == version) {
            return kept.value();
        }
        V value = read.apply(key);
        if (keep.test(value)) {
            cache.put(key, new Versioned<>(version, value));
        }
        // An entry not replaced is of an older version: it can never be used again, and expires.
        return value;
    }

    /** Something this cache holds may have changed: every kept value is read again at its next use. */
    public void changed() {
        changes.incrementAndGet();
    }
}
