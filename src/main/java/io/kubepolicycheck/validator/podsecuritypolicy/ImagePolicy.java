package io.kubepolicycheck.validator.podsecuritypolicy;

import com.google.re2j.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kube Cover's {@code images}: {@code denied} and {@code permitted} regular expressions (Go's: RE2 syntax, matched
 * in linear time) found anywhere in a container's image. A denied match refuses the image; otherwise, when any
 * expression is given, the image must match a permitted one. (Kube Cover tried them in no fixed order; denied
 * first is the strict reading.)
 */
public final class ImagePolicy {
    private final List<String> permitted;
    private final List<String> denied;
    private final List<Pattern> permittedPatterns;
    private final List<Pattern> deniedPatterns;

    /** The expressions as written; each must compile ({@link Pattern#compile}), which the reader has checked. */
    public ImagePolicy(List<String> permitted, List<String> denied) {
        this.permitted = List.copyOf(permitted);
        this.denied = List.copyOf(denied);
        this.permittedPatterns = this.permitted.stream().map(ImagePolicy::compile).toList();
        this.deniedPatterns = this.denied.stream().map(ImagePolicy::compile).toList();
    }

    /**
     * Only whether a match exists is asked, and greediness does not change that; ungreedy, the matcher stops at
     * the first match instead of extending it (a permitted {@code .*} over the whole image).
     */
    private static Pattern compile(String regex) {
        return Pattern.compile("(?U)" + regex);
    }

    /** As written in the set, for its description. */
    public Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("permitted", permitted);
        out.put("denied", denied);
        return out;
    }

    public void validate(EffectiveContainer c, List<FieldError> out) {
        String image = c.image();
        String path = c.path() + ".image";
        if (deniedPatterns.stream().anyMatch(p -> p.matcher(image).find())) {
            out.add(FieldError.invalid(path, GoValues.quote(image), "image: " + image + " explicitly denied by policy",
                    c.node().get("image"), "images"));
        } else if (!(permitted.isEmpty() && denied.isEmpty())
                && permittedPatterns.stream().noneMatch(p -> p.matcher(image).find())) {
            out.add(FieldError.invalid(path, GoValues.quote(image), "image: " + image + " denied by policy",
                    c.node().get("image"), "images"));
        }
    }
}
