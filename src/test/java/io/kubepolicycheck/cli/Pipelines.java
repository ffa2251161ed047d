package io.kubepolicycheck.cli;

import io.kubepolicycheck.policystore.LoadedPolicySet;
import io.kubepolicycheck.validator.Validator;
import io.kubepolicycheck.validator.manifest.Limits;
import io.kubepolicycheck.validator.policy.AdmissionAttributes;
import io.kubepolicycheck.validator.render.Format;
import io.kubepolicycheck.validator.render.VerdictStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The check pipeline run on its own, as on a machine of {@code workers} cores. */
final class Pipelines {
    private Pipelines() {
    }

    /**
     * What the pipeline writes for the files, with no byte limit, opening them as it would standard input: a List
     * in them is kept until its end, not read again from the file.
     */
    static String output(Format format, LoadedPolicySet set, AdmissionAttributes attributes, int workers,
                         Path... files) throws Exception {
        Limits limits = Limits.DEFAULT.withMaxBytes(Integer.MAX_VALUE);
        List<CheckPipeline.Input> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(new CheckPipeline.Input(f.toString(), () -> Files.newInputStream(f)));
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (VerdictStream stream = VerdictStream.of(format, set.ref(), written)) {
            new CheckPipeline(new Validator(limits), limits, set.set(), attributes, workers, Long.MAX_VALUE)
                    .run(inputs, stream);
            stream.finish();
        }
        return written.toString(StandardCharsets.UTF_8);
    }
}
