package dev.steward.server.trust;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Generates small tenants. Raw numbers are turned into valid references by modulo, so jqwik can shrink
 * them freely (towards 0, which means "at the root"): a folder's parent is an earlier folder (a forest),
 * a team's folder, an agent's primary team and an object's folder are any of them or none, and each trust
 * picks a side, then a legal holder kind and target kind among those that exist (at most 25 trusts).
 */
final class TrustWorlds {
    private static final List<TrustNodeKind> AGENT_SIDE = List.of(TrustNodeKind.TEAM_FOLDER, TrustNodeKind.TEAM, TrustNodeKind.AGENT);
    private static final List<TrustNodeKind> OBJECT_SIDE =
            List.of(TrustNodeKind.MODULE_FOLDER, TrustNodeKind.MODULE, TrustNodeKind.RESOURCE_FOLDER, TrustNodeKind.RESOURCE);

    private static final int MAX_ENTRIES = 25;

    private TrustWorlds() {
    }

    /** {@code mirrored}: also add the reverse trust, so that full trusts (both directions) are common. */
    record RawEntry(boolean agentSide, int holderKind, int holder, int targetKind, int target, boolean mirrored) {
    }

    static Arbitrary<TrustWorld> worlds() {
        return Combinators.combine(
                raw(0, 8), raw(0, 6), raw(1, 10), raw(0, 8), raw(1, 8), raw(0, 8), raw(1, 6), rawEntries())
                .as(TrustWorlds::world)
                // Edge cases (empty lists, all zeros) would take a third of the tries; the uniform sizes
                // below already produce small and empty worlds often enough.
                .withoutEdgeCases();
    }

    private static Arbitrary<List<Integer>> raw(int min, int max) {
        return Arbitraries.integers().between(0, 1000).list().ofMinSize(min).ofMaxSize(max)
                .withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<List<RawEntry>> rawEntries() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 1000);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(flag, any, any, any, any, flag).as(RawEntry::new)
                .list().ofMaxSize(MAX_ENTRIES).withSizeDistribution(RandomDistribution.uniform());
    }

    private static TrustWorld world(List<Integer> tfp, List<Integer> tf, List<Integer> at, List<Integer> mfp,
            List<Integer> mf, List<Integer> rfp, List<Integer> rf, List<RawEntry> raws) {
        TrustWorld shape = new TrustWorld(forest(tfp), within(tf, tfp.size()), within(at, tf.size()),
                forest(mfp), within(mf, mfp.size()), forest(rfp), within(rf, rfp.size()), List.of());
        List<TrustEntry> entries = new ArrayList<>();
        for (RawEntry raw : raws) {
            if (entries.size() == MAX_ENTRIES) {
                break;
            }
            List<TrustNodeKind> holderKinds = existing(shape, raw.agentSide() ? AGENT_SIDE : OBJECT_SIDE);
            List<TrustNodeKind> targetKinds = existing(shape, raw.agentSide() ? OBJECT_SIDE : AGENT_SIDE);
            TrustNodeKind holderKind = holderKinds.get(raw.holderKind() % holderKinds.size());
            TrustNodeKind targetKind = targetKinds.get(raw.targetKind() % targetKinds.size());
            List<TrustNode> holders = shape.nodes(holderKind);
            List<TrustNode> targets = shape.nodes(targetKind);
            TrustNode holder = holders.get(raw.holder() % holders.size());
            TrustNode target = targets.get(raw.target() % targets.size());
            entries.add(new TrustEntry(holder, target));
            if (raw.mirrored() && entries.size() < MAX_ENTRIES) {
                entries.add(new TrustEntry(target, holder));
            }
        }
        return new TrustWorld(shape.teamFolderParents(), shape.teamFolders(), shape.agentTeams(),
                shape.moduleFolderParents(), shape.moduleFolders(), shape.resourceFolderParents(),
                shape.resourceFolders(), List.copyOf(entries));
    }

    /** Element i gets a parent among 0..i-1, or -1: always a forest. */
    private static List<Integer> forest(List<Integer> raw) {
        List<Integer> parents = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            parents.add(raw.get(i) % (i + 1) - 1);
        }
        return parents;
    }

    /** Each element gets one of {@code count} containers, or -1 (the root). */
    private static List<Integer> within(List<Integer> raw, int count) {
        return raw.stream().map(r -> r % (count + 1) - 1).toList();
    }

    private static List<TrustNodeKind> existing(TrustWorld shape, List<TrustNodeKind> kinds) {
        return kinds.stream().filter(kind -> !shape.nodes(kind).isEmpty()).toList();
    }
}
