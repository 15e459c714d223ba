//! The page's ES modules joined into one script, each module in a function scope that returns
//! its exports: `const __module_x = (() => { …; return { … }; })();`. Two builds use it:
//! - the single file (`single.rs`) joins every module, those loaded when first needed included;
//! - `dist/www/app.js` joins the first screen's modules (main.js's static imports, and theirs)
//!   into one ES module that exports each `__module_x`. The modules loaded when first needed
//!   stay files of their own ([`own_file`]); their imports of first-screen modules read them
//!   from app.js, so that there is one instance of each (one `state.js`).
//!
//! One request and one gzip stream instead of one per module (PERFORMANCE.md, the ninth part).

use crate::{fail, read};
use std::collections::BTreeSet;
use std::path::Path;

/// A module's name (`stepthrough-view.js`) as the identifier of its scope's exports.
fn ident(module: &str) -> String {
    format!("__module_{}", module.trim_end_matches(".js").replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
}

/// The module a `from './x.js'` clause names.
pub fn source(line: &str) -> String {
    let from = line.rsplit("from").next().unwrap_or("");
    from.trim().trim_end_matches(';').trim_matches(|c| c == '\'' || c == '"').trim_start_matches("./").to_string()
}

/// An import's bindings (`rest`: the statement after `import `) as a destructuring of the
/// module's exports: `{ a, b as c }` → `{ a, b: c }`; `* as y` → `y`.
fn binding(name: &str, rest: &str) -> String {
    if let Some(star) = rest.trim_start().strip_prefix("* as ") {
        return star.split_whitespace().next().unwrap_or_default().to_string();
    }
    let inner = rest.split('{').nth(1).and_then(|r| r.split('}').next()).unwrap_or_else(|| fail(&format!("{name}: cannot bundle `import {rest}`")));
    format!("{{ {} }}", inner.split(',').map(|p| p.trim().replace(" as ", ": ")).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(", "))
}

/// The lines of `src`, with an `import` or `export { … }` that a formatter spread over several
/// lines joined into one.
fn joined_statements(src: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut open = false;
    for line in src.lines() {
        if open {
            let last = out.last_mut().expect("an open statement has a first line");
            last.push(' ');
            last.push_str(line.trim());
        } else {
            out.push(line.to_string());
        }
        let current = out.last().expect("just pushed");
        let starts = current.starts_with("import ") || current.starts_with("export {");
        open = starts && !current.trim_end().ends_with(';') && !current.trim_end().ends_with('}');
    }
    out
}

/// Every `import('./x.js')` in code of a joined module x becomes that module, already there:
/// `Promise.resolve(__module_x)`; `deps` gets x. Other modules' stay dynamic imports. Comment
/// lines are left alone: there `import('./x.js')` names a type for `tsc`.
fn dynamic_imports(src: &str, joins: &dyn Fn(&str) -> bool, deps: &mut Vec<String>) -> String {
    let comment = |l: &str| ["*", "/*", "//"].iter().any(|c| l.trim_start().starts_with(c));
    let mut out = String::new();
    for line in src.split_inclusive('\n') {
        if comment(line) {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("import('./") {
            let (before, call) = rest.split_at(at);
            let end = call.find("')").unwrap_or_else(|| fail(&format!("cannot bundle `{}`", line.trim())));
            let dep = call["import('./".len()..end].to_string();
            out.push_str(before);
            if joins(&dep) {
                out.push_str(&format!("Promise.resolve({})", ident(&dep)));
                deps.push(dep);
            } else {
                out.push_str(&call[..end + 2]);
            }
            rest = &call[end + 2..];
        }
        out.push_str(rest);
    }
    out
}

/// One module as a function scope returning its exports. `deps` gets the modules it imports;
/// `head` its imports of the wasm-bindgen glue (`./pkg/…`), which stay ES imports.
fn transform(name: &str, src: &str, joins: &dyn Fn(&str) -> bool, deps: &mut Vec<String>, head: &mut Vec<String>) -> String {
    let (mut body, mut names) = (String::new(), BTreeSet::new());
    let src = dynamic_imports(src, joins, deps);
    for line in joined_statements(&src) {
        let line = line.as_str();
        if let Some(rest) = line.strip_prefix("import ") {
            let dep = source(line);
            if dep.starts_with("pkg/") {
                head.push(line.to_string());
                continue;
            }
            if !dep.ends_with(".js") || !joins(&dep) {
                fail(&format!("{name}: cannot bundle `{line}`"));
            }
            body.push_str(&format!("const {} = {};\n", binding(name, rest), ident(&dep)));
            deps.push(dep);
        } else if let Some(list) = line.strip_prefix("export {") {
            names.extend(list.trim_end_matches([';', '}', ' ']).split(',').map(|n| n.trim().to_string()).filter(|n| !n.is_empty()));
        } else if let Some(decl) = line.strip_prefix("export ") {
            let words: Vec<&str> = decl.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).filter(|w| !w.is_empty()).collect();
            let name_at = words.iter().position(|w| matches!(*w, "function" | "const" | "let" | "class")).map(|i| i + 1);
            match name_at.and_then(|i| words.get(i)) {
                Some(n) => names.insert(n.to_string()),
                None => fail(&format!("{name}: cannot bundle `{line}`")),
            };
            body.push_str(decl);
            body.push('\n');
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    let names: Vec<String> = names.into_iter().collect();
    format!("const {} = (() => {{\n{body}return {{ {} }};\n}})();\n", ident(name), names.join(", "))
}

/// Modules joined from `www/main.js`, dependencies first.
pub struct Joined {
    /// The imports of the wasm-bindgen glue, once each.
    pub head: Vec<String>,
    pub code: String,
    pub modules: Vec<String>,
}

/// Joins main.js and the modules it reaches that `joins` accepts (`source` gives a module's
/// text).
pub fn join(source: &dyn Fn(&str) -> String, joins: &dyn Fn(&str) -> bool) -> Joined {
    let mut out = Joined { head: vec![], code: String::new(), modules: vec![] };
    fn visit(name: &str, source: &dyn Fn(&str) -> String, joins: &dyn Fn(&str) -> bool, out: &mut Joined, stack: &mut Vec<String>) {
        if out.modules.iter().any(|d| d == name) {
            return;
        }
        if stack.iter().any(|d| d == name) {
            fail(&format!("import cycle through {name}"));
        }
        stack.push(name.to_string());
        let (mut deps, mut head) = (vec![], vec![]);
        let code = transform(name, &source(name), joins, &mut deps, &mut head);
        for d in &deps {
            visit(d, source, joins, out, stack);
        }
        stack.pop();
        out.head.extend(head.into_iter().filter(|h| !out.head.contains(h)).collect::<Vec<_>>());
        out.code.push_str(&format!("// ---- www/{name}\n{code}"));
        out.modules.push(name.to_string());
    }
    visit("main.js", source, joins, &mut out, &mut vec![]);
    out
}

/// The first screen's modules: main.js and what it imports statically, and so on.
pub fn first_screen(www: &Path) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec!["main.js".to_string()];
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        for line in joined_statements(&read(&www.join(&name))) {
            let dep = source(&line);
            if line.starts_with("import ") && line.contains(" from ") && !dep.starts_with("pkg/") {
                todo.push(dep);
            }
        }
    }
    seen
}

/// `dist/www/app.js`: the first screen's modules joined into one ES module, which exports each.
pub fn app(www: &Path, first: &BTreeSet<String>) -> String {
    let joined = join(&|name| read(&www.join(name)), &|dep| first.contains(dep));
    if joined.modules.len() != first.len() {
        fail("bundle: the first screen's modules and those joined differ");
    }
    let exports: Vec<String> = joined.modules.iter().map(|m| ident(m)).collect();
    format!("{}\n{}export {{ {} }};\n", joined.head.join("\n"), joined.code, exports.join(", "))
}

/// Rewrites the copy of the site in `dist/`: the first screen's modules become `www/app.js`
/// (removed as files), the others import them from it, and index.html loads app.js; its
/// stylesheets become one, `www/app.css`.
pub fn dist(www: &Path, dist: &Path) {
    dist_scripts(www, &dist.join("www"));
    let html = read(&dist.join("index.html"));
    let main = "<script type=\"module\" src=\"www/main.js\"></script>";
    if !html.contains(main) {
        fail("index.html changed: update xtask/src/bundle.rs (it loads www/main.js no longer?)");
    }
    let html = html.replace(main, "<script type=\"module\" src=\"www/app.js\"></script>");
    write(&dist.join("index.html"), &dist_styles(www, &dist.join("www"), html));
}

/// `out/app.js` from the first screen's modules, which leave `out/`; the other modules in
/// `out/` import them from app.js.
fn dist_scripts(www: &Path, out: &Path) {
    let first = first_screen(www);
    write(&out.join("app.js"), &app(www, &first));
    for entry in std::fs::read_dir(www).unwrap_or_else(|e| fail(&format!("reading {}: {e}", www.display()))).flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".js") {
            continue;
        }
        if first.contains(&name) {
            std::fs::remove_file(out.join(&name)).unwrap_or_else(|e| fail(&format!("removing dist/www/{name}: {e}")));
        } else {
            write(&out.join(&name), &own_file(&name, &read(&entry.path()), &first));
        }
    }
}

/// The first screen's stylesheets, one after another in `html`, become `out/app.css`; those
/// it lists disabled, loaded when first needed, stay files. All lose their comments. Returns
/// `html` linking app.css.
fn dist_styles(www: &Path, out: &Path, html: String) -> String {
    let (later, first): (Vec<_>, Vec<_>) = crate::single::stylesheets(&html).into_iter().partition(|(_, _, disabled)| *disabled);
    let css: Vec<String> = first.iter().map(|(_, name, _)| read(&www.join(name))).collect();
    write(&out.join("app.css"), &minify_css(&css.join("\n")));
    for (_, name, _) in &later {
        write(&out.join(name), &minify_css(&read(&www.join(name))));
    }
    let links: String = first.iter().map(|(line, _, _)| line.as_str()).collect();
    if !html.contains(&links) {
        fail("index.html: the first screen's stylesheets must come one after another, before those it lists disabled");
    }
    html.replace(&links, "  <link rel=\"stylesheet\" href=\"www/app.css\">\n")
}

/// A stylesheet without its comments, blank lines and indentation (the words inside quotes
/// kept as they are).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
            }
            _ => out.push(c),
        }
    }
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n") + "\n"
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("writing {}: {e}", path.display())));
}

/// A module loaded when first needed, left a file of its own in dist: its imports of the
/// first screen's modules (static, or `import('./x.js')`) read them from app.js.
pub fn own_file(name: &str, src: &str, first: &BTreeSet<String>) -> String {
    let joins = |dep: &str| first.contains(dep);
    let mut deps = vec![];
    let src = dynamic_imports(src, &joins, &mut deps);
    let mut body = String::new();
    for line in joined_statements(&src) {
        let dep = source(&line);
        match line.strip_prefix("import ").filter(|_| joins(&dep)) {
            Some(rest) => {
                body.push_str(&format!("const {} = {};\n", binding(name, rest), ident(&dep)));
                deps.push(dep);
            }
            None => {
                body.push_str(&line);
                body.push('\n');
            }
        }
    }
    deps.sort();
    deps.dedup();
    if deps.is_empty() {
        return body;
    }
    let names: Vec<String> = deps.iter().map(|d| ident(d)).collect();
    format!("import {{ {} }} from './app.js';\n{body}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(_: &str) -> bool {
        true
    }

    #[test]
    fn a_module_loaded_when_needed_is_bundled_and_already_there() {
        let mut deps = vec![];
        let src = "/** @type {import('./state.js').App} */\na ??= import('./step-through.js').then((m) => m.f());\n";
        let out = dynamic_imports(src, &all, &mut deps);
        assert_eq!(out, "/** @type {import('./state.js').App} */\na ??= Promise.resolve(__module_step_through).then((m) => m.f());\n");
        assert_eq!(deps, ["step-through.js"]);
    }

    #[test]
    fn a_module_left_out_stays_a_dynamic_import() {
        let mut deps = vec![];
        let out = dynamic_imports("a = import('./lessons.js').then(f) ?? import('./x.js');\n", &|d| d == "x.js", &mut deps);
        assert_eq!(out, "a = import('./lessons.js').then(f) ?? Promise.resolve(__module_x);\n");
        assert_eq!(deps, ["x.js"]);
    }

    #[test]
    fn a_statement_over_several_lines_is_read_as_one() {
        let (mut deps, mut head) = (vec![], vec![]);
        let src = "import {\n  a,\n  b as c,\n} from './x.js';\nexport {\n  a,\n  c,\n};\n";
        let out = transform("m.js", src, &all, &mut deps, &mut head);
        assert_eq!(deps, ["x.js"]);
        assert!(out.contains("const { a, b: c } = __module_x;\n"), "{out}");
        assert!(out.contains("return { a, c };"), "{out}");
    }

    #[test]
    fn a_module_becomes_a_scope_with_its_exports() {
        let (mut deps, mut head) = (vec![], vec![]);
        let src = "import { a, b as c } from './x.js';\nimport * as y from './y.js';\nimport init, * as api from './pkg/glue.js';\nexport function f() { return a + c; }\nexport const K = 1;\nexport async function g() {}\nexport { y };\nconst local = 2;\n";
        let out = transform("m.js", src, &all, &mut deps, &mut head);
        assert_eq!(deps, ["x.js", "y.js"]);
        assert_eq!(head, ["import init, * as api from './pkg/glue.js';"]);
        assert!(out.starts_with("const __module_m = (() => {\n"), "{out}");
        assert!(out.contains("const { a, b: c } = __module_x;\nconst y = __module_y;\nfunction f()"), "{out}");
        assert!(out.contains("return { K, f, g, y };"), "{out}");
        assert!(!out.contains("export") && !out.contains("pkg/"), "{out}");
    }

    #[test]
    fn a_stylesheet_loses_its_comments_and_indentation_but_not_its_strings() {
        let css = "/* a comment\n   over two lines */\n.a {\n  content: '/* kept */';\n  color: red; /* gone */\n}\n\n.b::after { content: \"x\" }\n";
        assert_eq!(minify_css(css), ".a {\ncontent: '/* kept */';\ncolor: red;\n}\n.b::after { content: \"x\" }\n");
    }

    #[test]
    fn a_file_of_its_own_reads_the_first_screen_from_app_js() {
        let first: BTreeSet<String> = ["state.js".to_string(), "ui.js".to_string()].into();
        let src = "import { a, b as c } from './state.js';\nimport { d } from './steps.js';\nimport * as ui from './ui.js';\nexport const e = () => import('./ui.js');\n";
        let out = own_file("view.js", src, &first);
        assert_eq!(
            out,
            "import { __module_state, __module_ui } from './app.js';\nconst { a, b: c } = __module_state;\nimport { d } from './steps.js';\nconst ui = __module_ui;\nexport const e = () => Promise.resolve(__module_ui);\n"
        );
    }
}
