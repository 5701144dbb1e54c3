package org.citadel.realmfs.core.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.citadel.realmfs.api.InvalidRecipeException;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.api.ShellModule;

/**
 * Which of a recipe's {@link RealmfsBuild#shellFunctions() shell functions} the pre-install phase
 * can call, for the package layer's key.
 *
 * <p>The rule: bash runs a function only through a command word that is its name. Where the text
 * holds no dynamic construct (below), every command word is spelt out in it, so a function can run
 * only if its name occurs somewhere in the text the pre-install phase can run: the pre-install shell
 * modules, the prelude, every file of the modules directories, the builder's helpers and built-in
 * modules, and, transitively, the functions so found. "Occurs" is a plain substring test, on the text
 * as written and with its quotes and backslashes removed ({@code gr""eet} runs {@code greet}), so no
 * word boundary rule can miss one. {@code command_not_found_handle}, which bash calls by itself, is
 * always reached. The values of the prelude's simple variable assignments ({@code declare -g NAME="..."}
 * on one line, with no {@code $}, backquote or backslash: the module lists of a build.conf) are not
 * searched, as such a value runs only through a dynamic construct; they are in the key with the
 * prelude anyway.
 *
 * <p>Dynamic constructs, any of which makes every function reached (the whole prelude is in the key,
 * as before): {@code eval}; {@code ${!...}}; a command word starting with {@code $}, a quote and
 * {@code $}, or a backquote (outside one-line {@code [[ ... ]]} tests without command substitution;
 * after a line start, {@code ; & | ( ) {}, a keyword, an assignment, or
 * one of the commands that run their arguments: command, builtin, exec, env, xargs, nohup, timeout,
 * nice, sudo, chroot, time, coproc, trap, alias, module, source, {@code .}); {@code -c} followed by
 * {@code $} ({@code bash -c "$code"}); brace expansion ({@code gr{e,x}et}); exporting functions
 * by a computed name or with allexport ({@code set -a}), which child shells could call from any file.
 * The builder's own runtime and built-in modules are searched for names but not for these: their one
 * dynamic call is {@code module}'s {@code "$1"}, whose argument is checked where module is called.
 */
final class ShellFunctionReach {
    private static final String IMPLICIT = "command_not_found_handle";
    private static final String COMMAND_START = "(?:^|[;&|(){`]|\\$\\(|(?<![\\w-])(?:then|do|else|elif|if|while|until"
            + "|time|command|builtin|exec|nohup|env|xargs|timeout|nice|sudo|chroot|module|trap|source|alias|coproc)\\s"
            + "|(?:^|\\s)[!.]\\s)";
    private static final Pattern DYNAMIC = Pattern.compile(String.join("|",
            "(?<![\\w-])eval(?![\\w-])",
            "\\$\\{!",
            COMMAND_START + "\\s*(?:[A-Za-z_]\\w*=\\S*\\s+)*[\"']?[$`<]",
            "\\s-c\\s+[\"']?\\$",
            "(?<!\\$)\\{[^\\s{}]*,[^\\s{}]*\\}",
            "allexport",
            "(?<![\\w-])set\\s+[-+]?\\w*a",
            "(?<![\\w-])(?:export|declare|typeset)\\s+-\\w*f\\w*\\s+[\"']?\\$"), Pattern.MULTILINE);
    /** A one-line {@code [[ ... ]]} test without command substitution: it holds no command word. */
    private static final Pattern PLAIN_TEST = Pattern.compile("\\[\\[[^\\n`]*?\\]\\]");
    private static final Pattern SIMPLE_VALUE = Pattern.compile(
            "^(declare -g[A-Za-z]* [A-Za-z_][A-Za-z0-9_]*=)\"[^\"$`\\\\\\n]*\"$", Pattern.MULTILINE);

    /**
     * @param functions the names of the functions reached, sorted
     * @param dynamicCall the dynamic construct found, when every function counts as reached
     */
    record Reach(SortedSet<String> functions, Optional<String> dynamicCall) {
    }

    private ShellFunctionReach() {
    }

    /** @param helpers the builder's own shell code: its runtime and built-in modules */
    static Reach of(RealmfsBuild recipe, String helpers) {
        Map<String, String> definitions = recipe.shellFunctions();
        List<String> code = new ArrayList<>();
        for (var module : recipe.preModules()) {
            if (module instanceof ShellModule shell) {
                code.add(shell.script());
            }
        }
        code.add(SIMPLE_VALUE.matcher(recipe.shellPrelude()).replaceAll("$1\"\""));
        code.addAll(moduleFiles(recipe.modulesDirectories()));
        SortedSet<String> reached = new TreeSet<>();
        List<String> searched = new ArrayList<>(code);
        searched.add(helpers);
        int scanned = 0;
        boolean grew = true;
        while (grew) {
            for (; scanned < code.size(); scanned++) {
                Matcher dynamic = DYNAMIC.matcher(withoutPlainTests(code.get(scanned)));
                if (dynamic.find()) {
                    return new Reach(new TreeSet<>(definitions.keySet()), Optional.of(dynamic.group().strip().replaceAll("\\s+", " ")));
                }
            }
            grew = false;
            for (Map.Entry<String, String> function : definitions.entrySet()) {
                String name = function.getKey();
                if (!reached.contains(name) && (name.equals(IMPLICIT) || occurs(name, searched))) {
                    reached.add(name);
                    code.add(function.getValue());
                    searched.add(function.getValue());
                    grew = true;
                }
            }
        }
        return new Reach(reached, Optional.empty());
    }

    private static String withoutPlainTests(String code) {
        return PLAIN_TEST.matcher(code).replaceAll(test -> test.group().contains("$(") ? Matcher.quoteReplacement(test.group()) : "[[ ]]");
    }

    private static boolean occurs(String name, List<String> texts) {
        for (String text : texts) {
            if (text.contains(name) || text.replaceAll("[\"'\\\\]", "").contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** Every regular file of the directories, as text (ISO-8859-1, so every byte is a character). */
    private static List<String> moduleFiles(List<Path> directories) {
        List<String> texts = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue; // FilesDirectoryLines reports it
            }
            try (Stream<Path> tree = Files.walk(directory)) {
                for (Path file : tree.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    texts.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new InvalidRecipeException("Cannot read the modules directory " + directory
                        + " to compute the package layer's key (" + e.getMessage() + "); make its files readable", e);
            }
        }
        return texts;
    }
}
