//! ADMX and ADML files to a [`Catalog`]: each ADMX gives its policies, categories and
//! `supportedOn` definitions; the ADML of the same name in the admin's language (falling back to
//! en-US, string by string) gives their display names, explanations and the presentations that
//! label each element and set its default. Each file that cannot be read is a [`Problem`] that
//! names it; every other file still loads.

use super::xml::{self, Element as Xml};
use super::{app_of, Catalog, Choice, Class, Element, ElementKind, Policy, Problem, RegValue, Template};
use std::collections::{BTreeMap, BTreeSet};

/// A file as the admin gave it: its path (a folder's relative path, or just its name) and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a set of files gave: the catalog, and what was wrong with which file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Read {
    pub catalog: Catalog,
    pub problems: Vec<Problem>,
}

/// The fallback language of every template set.
pub const FALLBACK: &str = "en-US";

/// Reads templates. `languages` are the browser's, most wanted first (`["de-DE", "de"]`).
pub fn read(files: &[File], languages: &[String]) -> Read {
    let mut problems = Vec::new();
    let mut problem = |file: &str, message: String| problems.push(Problem { file: file.to_string(), message });
    let (mut admx, mut adml) = (Vec::new(), Vec::new());
    for file in files {
        match extension(&file.path).as_str() {
            "admx" => admx.push(file),
            "adml" => adml.push(file),
            _ => problem(&file.path, "is not an ADMX or ADML template (.admx, .adml); skipped.".into()),
        }
    }
    // Each ADMX read first, so that a bad one is one problem and its ADML is not an orphan.
    let mut templates: Vec<(&File, Xml)> = Vec::new();
    let mut stems = BTreeSet::new();
    for file in admx {
        stems.insert(stem(&file.path));
        let root = match document(file, "policyDefinitions", "an ADMX template") {
            Ok(root) => root,
            Err(message) => {
                problem(&file.path, message);
                continue;
            }
        };
        let prefix = target(&root).0;
        if prefix.is_empty() {
            problem(&file.path, "names no target prefix (policyNamespaces/target); skipped.".into());
        } else if let Some((first, _)) = templates.iter().find(|(_, r)| target(r).0 == prefix) {
            problem(&file.path, format!("is a second template for {prefix} (the first is {}); skipped.", first.path));
        } else {
            templates.push((file, root));
        }
    }
    for file in &adml {
        if !stems.contains(&stem(&file.path)) {
            let name = format!("{}.admx", stem(&file.path));
            problem(&file.path, format!("has no {name} beside it; load the ADMX with its ADML."));
        }
    }
    // Each template's strings: its ADML in the wanted language, then en-US's.
    let mut resources = Vec::new();
    for (file, _) in &templates {
        let mut chosen: Vec<(String, Xml)> = Vec::new();
        for candidate in ranked(&adml, &stem(&file.path), languages) {
            if chosen.len() == 2 || chosen.iter().any(|(l, _)| same_language(l, FALLBACK)) {
                break;
            }
            match document(candidate, "policyDefinitionResources", "an ADML template") {
                Ok(root) => chosen.push((language(&candidate.path).unwrap_or_default(), root)),
                Err(message) => problem(&candidate.path, message),
            }
        }
        resources.push(chosen);
    }
    let mut catalog = Catalog::default();
    let tables: Vec<Strings> = resources.iter().map(|r| Strings::new(r)).collect();
    let categories = categories(&templates, &tables);
    for (((file, root), strings), chosen) in templates.iter().zip(&tables).zip(&resources) {
        let (prefix, _) = target(root);
        let language = chosen.first().map(|(l, _)| l.clone()).filter(|l| !l.is_empty());
        catalog.templates.push(Template {
            file: name(&file.path).to_string(),
            prefix: prefix.clone(),
            revision: root.attribute("revision").unwrap_or("?").to_string(),
            language: language.or_else(|| (!chosen.is_empty()).then(|| "?".to_string())),
        });
        let context = Context { templates: &templates, tables: &tables, categories: &categories, root, strings };
        let before = catalog.policies.len();
        catalog
            .policies
            .extend(root.under("policies").iter().filter(|p| p.name == "policy").map(|p| context.policy(p)));
        let missing = strings.missing.get();
        if chosen.is_empty() {
            let want = format!("{}.adml", stem(&file.path));
            problem(
                &file.path,
                format!("has no {want} (in {FALLBACK}/ or your language's folder); its policies show by id."),
            );
        } else if missing > 0 {
            let (adml, _) = &chosen[0];
            let count = catalog.policies.len() - before;
            problem(
                &file.path,
                format!("its {} ADML lacks {missing} of the strings its {count} policies use; shown by id.", adml),
            );
        }
    }
    Read { catalog, problems }
}

fn extension(path: &str) -> String {
    name(path).rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The file's name without its folders.
fn name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The file's name without folders or extension, lower case (`word16`).
fn stem(path: &str) -> String {
    let name = name(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_ascii_lowercase()
}

/// An ADML's language: the folder it is in (`en-US/word16.adml`), when it looks like one.
fn language(path: &str) -> Option<String> {
    let mut parts = path.rsplit(['/', '\\']);
    parts.next();
    let folder = parts.next()?;
    let looks =
        folder.len() >= 2 && folder.len() <= 16 && folder.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    looks.then(|| folder.to_string())
}

fn same_language(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The ADMLs for `stem`, the best first: each wanted language (exactly, then by its first
/// part: `de` for `de-DE`), then en-US, then one in no folder.
fn ranked<'f>(adml: &[&'f File], stem_: &str, languages: &[String]) -> Vec<&'f File> {
    let mine: Vec<&File> = adml.iter().copied().filter(|f| stem(&f.path) == stem_).collect();
    let primary = |l: &str| l.split('-').next().unwrap_or(l).to_ascii_lowercase();
    let mut out: Vec<&File> = Vec::new();
    let push = |f: &'f File, out: &mut Vec<&'f File>| {
        if !out.iter().any(|o| std::ptr::eq(*o, f)) {
            out.push(f);
        }
    };
    for wanted in languages.iter().map(String::as_str).chain([FALLBACK]) {
        for f in &mine {
            if language(&f.path).is_some_and(|l| same_language(&l, wanted)) {
                push(f, &mut out);
            }
        }
        for f in &mine {
            if language(&f.path).is_some_and(|l| primary(&l) == primary(wanted)) {
                push(f, &mut out);
            }
        }
    }
    for f in &mine {
        if language(&f.path).is_none() {
            push(f, &mut out);
        }
    }
    out
}

/// The file's root element, if it is XML whose root is `root`.
fn document(file: &File, root: &str, what: &str) -> Result<Xml, String> {
    let text = xml::decode(&file.bytes).map_err(|e| format!("cannot be read: {e}."))?;
    let doc = xml::parse(&text).map_err(|e| format!("is not well-formed XML ({e})."))?;
    match doc.name == root {
        true => Ok(doc),
        false => Err(format!("is XML but not {what} (its root is <{}>, not <{root}>); skipped.", doc.name)),
    }
}

/// A template's target prefix and namespace.
fn target(root: &Xml) -> (String, String) {
    let target = root.child("policyNamespaces").and_then(|n| n.child("target"));
    let get = |a: &str| target.and_then(|t| t.attribute(a)).unwrap_or_default().trim().to_string();
    (get("prefix"), get("namespace"))
}

/// The strings and presentations of a template: its chosen ADMLs, the first first.
struct Strings {
    strings: Vec<BTreeMap<String, String>>,
    presentations: Vec<BTreeMap<String, Xml>>,
    missing: std::cell::Cell<usize>,
}

impl Strings {
    fn new(chosen: &[(String, Xml)]) -> Strings {
        let table = |root: &Xml, name: &str| {
            root.child("resources").and_then(|r| r.child(name)).map_or(&[][..], |t| t.children.as_slice()).to_vec()
        };
        let strings = chosen
            .iter()
            .map(|(_, root)| {
                table(root, "stringTable")
                    .into_iter()
                    .filter_map(|s| Some((s.attribute("id")?.to_string(), s.text.clone())))
                    .collect()
            })
            .collect();
        let presentations = chosen
            .iter()
            .map(|(_, root)| {
                table(root, "presentationTable")
                    .into_iter()
                    .filter_map(|p| Some((p.attribute("id")?.to_string(), p)))
                    .collect()
            })
            .collect();
        Strings { strings, presentations, missing: std::cell::Cell::new(0) }
    }

    /// `$(string.id)` resolved, first in the wanted language; the id when no ADML has it (and
    /// counted, when the wanted one lacks it). Text that is no reference is itself.
    fn text(&self, reference: &str) -> String {
        let Some(id) = reference.strip_prefix("$(string.").and_then(|r| r.strip_suffix(')')) else {
            return reference.to_string();
        };
        if self.strings.first().is_some_and(|first| !first.contains_key(id)) {
            self.missing.set(self.missing.get() + 1);
        }
        self.strings.iter().find_map(|s| s.get(id)).cloned().unwrap_or_else(|| id.to_string())
    }

    fn presentation(&self, reference: &str) -> Option<&Xml> {
        let id = reference.strip_prefix("$(presentation.")?.strip_suffix(')')?;
        self.presentations.iter().find_map(|p| p.get(id))
    }
}

/// A reference (`office16:L_Name` or `L_Name`) as `(target prefix, name)`, the prefix of a
/// `using` namespace mapped to the loaded template that has it as its target.
fn resolve(templates: &[(&File, Xml)], root: &Xml, reference: &str) -> (String, String) {
    let (own, _) = target(root);
    let Some((alias, name)) = reference.split_once(':') else { return (own, reference.to_string()) };
    let namespace = root
        .under("policyNamespaces")
        .iter()
        .find(|n| n.attribute("prefix") == Some(alias))
        .and_then(|n| n.attribute("namespace"));
    let prefix = namespace
        .and_then(|ns| templates.iter().map(|(_, r)| target(r)).find(|(_, n)| n == ns).map(|(p, _)| p))
        .unwrap_or_else(|| alias.to_string());
    (prefix, name.to_string())
}

/// Every category of the templates: its display name and its parent.
type Categories = BTreeMap<(String, String), (String, Option<(String, String)>)>;

fn categories(templates: &[(&File, Xml)], tables: &[Strings]) -> Categories {
    let mut out = Categories::new();
    for ((_, root), strings) in templates.iter().zip(tables) {
        let (prefix, _) = target(root);
        for category in root.under("categories") {
            let Some(name) = category.attribute("name") else { continue };
            let display = strings.text(category.attribute("displayName").unwrap_or(name));
            let parent = category.child("parentCategory").and_then(|p| p.attribute("ref"));
            out.insert((prefix.clone(), name.to_string()), (display, parent.map(|r| resolve(templates, root, r))));
        }
    }
    out
}

struct Context<'c> {
    templates: &'c [(&'c File, Xml)],
    tables: &'c [Strings],
    categories: &'c Categories,
    root: &'c Xml,
    strings: &'c Strings,
}

impl Context<'_> {
    fn policy(&self, p: &Xml) -> Policy {
        let (prefix, _) = target(self.root);
        let name = p.attribute("name").unwrap_or_default().to_string();
        let text = |attribute: &str| p.attribute(attribute).map(|r| self.strings.text(r)).unwrap_or_default();
        let display = Some(text("displayName")).filter(|d| !d.is_empty()).unwrap_or_else(|| name.clone());
        let class = match p.attribute("class") {
            Some("Machine") => Class::Machine,
            Some("Both") => Class::Both,
            _ => Class::User,
        };
        let value_name = p.attribute("valueName").map(str::to_string);
        let value = |child: &str| p.child(child).and_then(reg_value);
        let presentation = p.attribute("presentation").and_then(|r| self.strings.presentation(r));
        let raw: Vec<&Xml> = p.under("elements").iter().collect();
        let elements = raw
            .iter()
            .filter_map(|e| element(e, self.strings, presentation, (raw.len() == 1).then_some(display.as_str())))
            .collect();
        let baseline = ["Area", "area"]
            .iter()
            .any(|a| p.attribute(a).is_some_and(|v| v.eq_ignore_ascii_case("Security Baseline")));
        Policy {
            id: format!("{prefix};{name}"),
            app: app_of(&prefix),
            prefix,
            display,
            explain: text("explainText"),
            category: self.category_path(p.child("parentCategory").and_then(|c| c.attribute("ref"))),
            class,
            key: p.attribute("key").unwrap_or_default().to_string(),
            enabled_value: value("enabledValue").or_else(|| value_name.as_ref().map(|_| RegValue::Number(1))),
            disabled_value: value("disabledValue").or_else(|| value_name.as_ref().map(|_| RegValue::Number(0))),
            value_name,
            supported_on: self.supported_on(p.child("supportedOn").and_then(|s| s.attribute("ref"))),
            baseline,
            elements,
            name,
        }
    }

    fn category_path(&self, reference: Option<&str>) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = reference.map(|r| resolve(self.templates, self.root, r));
        while let Some(key) = at.take() {
            if path.len() == 16 {
                break;
            }
            match self.categories.get(&key) {
                Some((display, parent)) => {
                    path.push(display.clone());
                    at = parent.clone();
                }
                None => path.push(key.1),
            }
        }
        path.reverse();
        path
    }

    fn supported_on(&self, reference: Option<&str>) -> String {
        let Some(reference) = reference else { return String::new() };
        let (prefix, name) = resolve(self.templates, self.root, reference);
        let found =
            self.templates.iter().zip(self.tables).find(|((_, r), _)| target(r).0 == prefix).and_then(|((_, r), s)| {
                let definitions = r.child("supportedOn")?.under("definitions");
                let d = definitions.iter().find(|d| d.attribute("name") == Some(name.as_str()))?;
                Some(s.text(d.attribute("displayName")?))
            });
        found.unwrap_or(name)
    }
}

/// A `<value>`-like element's value: `<decimal value=…/>`, `<string>…</string>` or `<delete/>`.
fn reg_value(holder: &Xml) -> Option<RegValue> {
    holder.children.iter().find_map(|v| match v.name.as_str() {
        "decimal" | "longDecimal" => v.attribute("value")?.trim().parse().ok().map(RegValue::Number),
        "string" => Some(RegValue::Text(v.text.clone())),
        "delete" => Some(RegValue::Delete),
        _ => None,
    })
}

fn number(e: &Xml, attribute: &str, default: u32) -> u32 {
    e.attribute(attribute).and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn yes(e: Option<&str>) -> bool {
    e.is_some_and(|v| v.trim() == "true" || v.trim() == "1")
}

/// One element with its presentation's label and default; `lone` is the policy's display name
/// when this is its only element (the label an unlabelled one takes).
fn element(e: &Xml, strings: &Strings, presentation: Option<&Xml>, lone: Option<&str>) -> Option<Element> {
    let id = e.attribute("id")?.to_string();
    let shown = presentation.and_then(|p| p.children.iter().find(|c| c.attribute("refId") == Some(id.as_str())));
    let attribute = |a: &str| shown.and_then(|s| s.attribute(a));
    let label = shown
        .map(|s| s.child("label").map_or(s.text.as_str(), |l| l.text.as_str()).trim().to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| lone.map(str::to_string))
        .unwrap_or_else(|| id.clone());
    let kind = match e.name.as_str() {
        "enum" => {
            let items: Vec<Choice> = e
                .all("item")
                .filter_map(|i| {
                    let value = reg_value(i.child("value")?)?;
                    Some(Choice { display: strings.text(i.attribute("displayName").unwrap_or_default()), value })
                })
                .collect();
            let default =
                attribute("defaultItem").and_then(|d| d.trim().parse().ok()).filter(|d: &usize| *d < items.len());
            ElementKind::Enum { items, default }
        }
        "decimal" | "longDecimal" => {
            let (min, max) = (number(e, "minValue", 0), number(e, "maxValue", 9999));
            let default = attribute("defaultValue").and_then(|d| d.trim().parse().ok());
            ElementKind::Decimal { min, max, default, as_text: yes(e.attribute("storeAsText")) }
        }
        "boolean" => ElementKind::Boolean {
            on: e.child("trueValue").and_then(reg_value).unwrap_or(RegValue::Number(1)),
            off: e.child("falseValue").and_then(reg_value).unwrap_or(RegValue::Number(0)),
            default: yes(attribute("defaultChecked")),
        },
        "text" => ElementKind::Text {
            max_length: number(e, "maxLength", 1023),
            expandable: yes(e.attribute("expandable")),
            default: shown.and_then(|s| s.child("defaultValue")).map(|d| d.text.clone()),
        },
        "list" => ElementKind::List { explicit: yes(e.attribute("explicitValue")) },
        "multiText" => ElementKind::MultiText { max_strings: e.attribute("maxStrings").and_then(|m| m.parse().ok()) },
        _ => return None,
    };
    let value_name = match e.name.as_str() {
        "list" => e.attribute("valuePrefix"),
        _ => e.attribute("valueName"),
    };
    Some(Element {
        id,
        label,
        key: e.attribute("key").map(str::to_string),
        value_name: value_name.map(str::to_string),
        required: yes(e.attribute("required")),
        kind,
    })
}

/// Templates shaped like a real release's, written for the benchmark and the tests (never
/// Microsoft's): `apps` ADMX files in UTF-16LE with their en-US ADML, `policies` policies each,
/// every element kind among them, an explanation of a real one's length (about 1,350
/// characters: twelve apps of 200 are about 10 MB of UTF-16, as a release's twelve are).
pub fn generated(apps: usize, policies: usize) -> Vec<File> {
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
    };
    let mut files = Vec::new();
    for a in 0..apps {
        let prefix = format!("app{a}16");
        let (mut admx, mut strings, mut shown) = (String::new(), String::new(), String::new());
        admx.push_str(&format!(
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<policyDefinitions revision=\"1.0\" schemaVersion=\"1.0\" xmlns=\"http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions\">\n  <policyNamespaces>\n    <target prefix=\"{prefix}\" namespace=\"Generated.Policies.App{a}\" />\n  </policyNamespaces>\n  <resources minRequiredRevision=\"1.0\" />\n  <supportedOn><definitions><definition name=\"S\" displayName=\"$(string.S)\" /></definitions></supportedOn>\n  <categories>\n    <category name=\"L_App\" displayName=\"$(string.L_App)\" />\n"
        ));
        strings.push_str(&format!("      <string id=\"S\">At least Generated App {a} 2016</string>\n      <string id=\"L_App\">Generated App {a}</string>\n"));
        for c in 0..10 {
            admx.push_str(&format!("    <category name=\"L_C{c}\" displayName=\"$(string.L_C{c})\"><parentCategory ref=\"L_App\" /></category>\n"));
            strings.push_str(&format!("      <string id=\"L_C{c}\">Area {c}</string>\n"));
        }
        admx.push_str("  </categories>\n  <policies>\n");
        for p in 0..policies {
            let name = format!("L_Policy{p}");
            let area = if p % 17 == 0 { " Area=\"Security Baseline\"" } else { "" };
            let element = match p % 5 {
                0 => format!("<enum id=\"E\" valueName=\"e{p}\"><item displayName=\"$(string.{name}_1)\"><value><decimal value=\"1\" /></value></item><item displayName=\"$(string.{name}_2)\"><value><decimal value=\"2\" /></value></item></enum>"),
                1 => format!("<decimal id=\"D\" valueName=\"d{p}\" minValue=\"1\" maxValue=\"120\" />"),
                2 => format!("<boolean id=\"B\" valueName=\"b{p}\"><trueValue><decimal value=\"1\" /></trueValue><falseValue><decimal value=\"0\" /></falseValue></boolean>"),
                3 => format!("<text id=\"T\" valueName=\"t{p}\" maxLength=\"255\" />"),
                _ => format!("<list id=\"L\" key=\"software\\policies\\generated\\{p}\" valuePrefix=\"\" />"),
            };
            admx.push_str(&format!(
                "    <policy name=\"{name}\" class=\"User\" displayName=\"$(string.{name})\" explainText=\"$(string.{name}_Explain)\" presentation=\"$(presentation.{name})\" key=\"software\\policies\\microsoft\\office\\16.0\\app{a}\\area{c}\"{area}>\n      <parentCategory ref=\"L_C{c}\" />\n      <supportedOn ref=\"S\" />\n      <elements>{element}</elements>\n    </policy>\n",
                c = p % 10
            ));
            let explain =
                format!("This policy setting controls generated behaviour number {p} of app {a}. ").repeat(18);
            strings.push_str(&format!(
                "      <string id=\"{name}\">Generated setting {p} of app {a}</string>\n      <string id=\"{name}_Explain\">{explain}</string>\n      <string id=\"{name}_1\">First choice</string>\n      <string id=\"{name}_2\">Second choice</string>\n"
            ));
            let control = ["dropdownList", "decimalTextBox", "checkBox", "textBox", "listBox"][p % 5];
            let label = if p % 5 == 3 { "<label>Text</label>".to_string() } else { "Value".to_string() };
            let id = ["E", "D", "B", "T", "L"][p % 5];
            shown.push_str(&format!(
                "      <presentation id=\"{name}\"><{control} refId=\"{id}\">{label}</{control}></presentation>\n"
            ));
        }
        admx.push_str("  </policies>\n</policyDefinitions>\n");
        let adml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<policyDefinitionResources revision=\"1.0\" schemaVersion=\"1.0\">\n  <displayName />\n  <description />\n  <resources>\n    <stringTable>\n{strings}    </stringTable>\n    <presentationTable>\n{shown}    </presentationTable>\n  </resources>\n</policyDefinitionResources>\n"
        );
        files.push(File { path: format!("{prefix}.admx"), bytes: utf16(&admx) });
        files.push(File { path: format!("en-US/{prefix}.adml"), bytes: utf16(&adml) });
    }
    files
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The templates written for the tests, as a folder pick gives them.
    pub(crate) fn written() -> Vec<File> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates");
        ["office16.admx", "word16.admx", "en-US/office16.adml", "en-US/word16.adml", "de-DE/office16.adml"]
            .iter()
            .map(|p| File { path: format!("templates/{p}"), bytes: std::fs::read(root.join(p)).unwrap() })
            .collect()
    }

    /// The written templates' catalog, in English.
    pub(crate) fn catalog() -> Catalog {
        let read = read(&written(), &["en-US".into()]);
        assert_eq!(read.problems, []);
        read.catalog
    }

    #[test]
    fn a_catalog_read_back_piece_by_piece_is_the_catalog() {
        let catalog = catalog();
        let pieces = catalog.pieces(3).unwrap();
        assert_eq!(pieces.len(), 3, "8 policies, 3 a piece");
        assert!(pieces[1].starts_with(r#"{"templates":[],"#), "the templates come once: {}", pieces[1]);
        let mut back = Catalog::default();
        for piece in &pieces {
            back.add_piece(piece).unwrap();
        }
        assert_eq!(back, catalog);
        // A whole catalog's JSON (as kept before pieces) is one piece.
        let mut whole = Catalog::default();
        whole.add_piece(&serde_json::to_string(&catalog).unwrap()).unwrap();
        assert_eq!(whole, catalog);
        assert!(Catalog::default().add_piece(r#"{"templates":"#).is_err());
        assert_eq!(Catalog::default().pieces(200).unwrap().len(), 1, "an empty catalog is one piece");
    }

    fn kind<'c>(catalog: &'c Catalog, id: &str, element: usize) -> &'c ElementKind {
        &catalog.policy(id).unwrap().elements[element].kind
    }

    #[test]
    fn both_encodings_read_to_every_policy_with_its_names() {
        let catalog = catalog();
        let ids: Vec<&str> = catalog.policies.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "office16;L_SendFeedback",
                "office16;L_DisableAllTrustedLocations",
                "office16;L_AutomationSecurity",
                "word16;L_VBAWarningsPolicy",
                "word16;L_BlockMacroExecutionFromInternet",
                "word16;L_AutoRecoverInterval",
                "word16;L_ProtectedViewOptions",
                "word16;L_TrustedLocations",
            ]
        );
        let vba = catalog.policy("word16;L_VBAWarningsPolicy").unwrap();
        assert_eq!(vba.display, "VBA Macro Notification Settings");
        assert_eq!(vba.explain, "Test text: how Word warns about macros.");
        assert_eq!(vba.app, "Word");
        assert_eq!(vba.category, ["Test Office", "Test Word", "Trust Center"], "a parent in another template");
        assert_eq!(vba.key, r"software\policies\microsoft\office\16.0\word\security");
        assert_eq!(vba.supported_on, "At least the test Office");
        assert!(vba.baseline);
        assert!(!catalog.policy("word16;L_AutoRecoverInterval").unwrap().baseline);
        let feedback = catalog.policy("office16;L_SendFeedback").unwrap();
        assert_eq!(feedback.explain, "Test text: whether users may send feedback & comments.");
        assert_eq!(feedback.value_name.as_deref(), Some("enabled"));
        assert_eq!(
            (feedback.enabled_value.clone(), feedback.disabled_value.clone()),
            (Some(RegValue::Number(1)), Some(RegValue::Number(0)))
        );
        let trusted = catalog.policy("office16;L_DisableAllTrustedLocations").unwrap();
        assert_eq!(trusted.enabled_value, Some(RegValue::Number(1)), "on/off without values: 1 and 0");
        assert_eq!(
            catalog.templates.iter().map(|t| (t.prefix.as_str(), t.language.as_deref())).collect::<Vec<_>>(),
            [("office16", Some("en-US")), ("word16", Some("en-US"))]
        );
        assert_eq!(catalog.summary(), "2 templates (office16, word16), revision 1.0, 8 policies, en-US");
    }

    #[test]
    fn every_element_kind_reads_with_its_limits_label_and_default() {
        let catalog = catalog();
        let ElementKind::Enum { items, default } = kind(&catalog, "word16;L_VBAWarningsPolicy", 0) else { panic!() };
        assert_eq!(items.len(), 4);
        assert_eq!(items[1], Choice { display: "Disable all with notification".into(), value: RegValue::Number(2) });
        assert_eq!(*default, Some(1));
        let vba = catalog.policy("word16;L_VBAWarningsPolicy").unwrap();
        assert_eq!(
            vba.elements[0].label, "VBA Macro Notification Settings",
            "a lone unlabelled element takes the policy's name"
        );
        assert_eq!(vba.elements[0].value_name.as_deref(), Some("vbawarnings"));
        assert_eq!(
            *kind(&catalog, "word16;L_AutoRecoverInterval", 0),
            ElementKind::Decimal { min: 1, max: 120, default: Some(10), as_text: false }
        );
        let pv = catalog.policy("word16;L_ProtectedViewOptions").unwrap();
        assert_eq!(
            pv.elements.iter().map(|e| e.label.as_str()).collect::<Vec<_>>(),
            ["Open in Protected View", "Banner text", "Seconds"]
        );
        assert_eq!(
            pv.elements[0].kind,
            ElementKind::Boolean { on: RegValue::Number(1), off: RegValue::Number(0), default: true }
        );
        assert_eq!(
            pv.elements[1].kind,
            ElementKind::Text { max_length: 40, expandable: false, default: Some("Be careful".into()) }
        );
        assert_eq!(pv.elements[2].kind, ElementKind::Decimal { min: 5, max: 300, default: Some(30), as_text: true });
        let tl = catalog.policy("word16;L_TrustedLocations").unwrap();
        assert_eq!(tl.elements[0].kind, ElementKind::List { explicit: false });
        assert_eq!(tl.elements[0].value_name.as_deref(), Some("location"));
        assert!(tl.elements[0].key.as_deref().is_some_and(|k| k.ends_with(r"\list")));
        assert_eq!(tl.elements[1].kind, ElementKind::MultiText { max_strings: Some(200) });
        let automation = catalog.policy("office16;L_AutomationSecurity").unwrap();
        assert!(automation.elements[0].required);
        assert_eq!(automation.elements[0].label, "Set the Automation Security level");
    }

    #[test]
    fn the_browsers_language_is_read_first_and_a_missing_string_falls_back_to_english() {
        let read = read(&written(), &["de-DE".into(), "de".into()]);
        let feedback = read.catalog.policy("office16;L_SendFeedback").unwrap();
        assert_eq!(feedback.display, "Senden von Feedback zulassen");
        assert_eq!(feedback.explain, "Test text: whether users may send feedback & comments.", "en-US's, not an id");
        assert_eq!(feedback.category, ["Test-Office", "Datenschutz"]);
        assert_eq!(
            read.catalog.policy("word16;L_VBAWarningsPolicy").unwrap().display,
            "VBA Macro Notification Settings"
        );
        assert_eq!(read.problems.len(), 1, "{:?}", read.problems);
        assert!(read.problems[0].message.contains("lacks 1"), "{:?}", read.problems);
        // A language asked for only by its first part finds its folder.
        let by_part = super::read(&written(), &["de".into()]);
        assert_eq!(by_part.catalog.policy("office16;L_SendFeedback").unwrap().display, "Senden von Feedback zulassen");
    }

    #[test]
    fn without_an_adml_policies_show_by_id_and_the_problem_says_what_to_add() {
        let files: Vec<File> = written().into_iter().filter(|f| !f.path.contains("word16.adml")).collect();
        let read = read(&files, &["en-US".into()]);
        assert_eq!(read.catalog.policy("word16;L_VBAWarningsPolicy").unwrap().display, "L_VBAWarningsPolicy");
        assert_eq!(read.problems.len(), 1);
        assert!(read.problems[0].file.ends_with("word16.admx") && read.problems[0].message.contains("word16.adml"));
    }

    #[test]
    fn a_bad_or_foreign_file_is_one_problem_naming_it_and_the_rest_load() {
        let mut files = written();
        files.push(File { path: "notes.txt".into(), bytes: b"hello".to_vec() });
        files.push(File { path: "excel16.admx".into(), bytes: b"<policyDefinitions><policies>".to_vec() });
        files.push(File { path: "en-US/excel16.adml".into(), bytes: b"<x/>".to_vec() });
        files.push(File { path: "ppt16.admx".into(), bytes: b"<?xml version=\"1.0\"?><html><body/></html>".to_vec() });
        files.push(File { path: "outlk16.admx".into(), bytes: vec![0xFF, 0xFE, 0x3C] });
        files.push(File { path: "en-US/visio16.adml".into(), bytes: b"<policyDefinitionResources/>".to_vec() });
        files.push(File { path: "copy/word16.admx".into(), bytes: written()[1].bytes.clone() });
        let read = read(&files, &[]);
        assert_eq!(read.catalog.policies.len(), 8, "the written templates all load");
        let said: Vec<(&str, &str)> = read.problems.iter().map(|p| (p.file.as_str(), p.message.as_str())).collect();
        let about = |file: &str, words: &str| said.iter().any(|(f, m)| *f == file && m.contains(words));
        assert!(about("notes.txt", "not an ADMX or ADML"), "{said:?}");
        assert!(about("excel16.admx", "not well-formed XML"), "{said:?}");
        assert!(about("ppt16.admx", "its root is <html>"), "{said:?}");
        assert!(about("outlk16.admx", "odd number of bytes"), "{said:?}");
        assert!(about("en-US/visio16.adml", "no visio16.admx"), "{said:?}");
        assert!(about("copy/word16.admx", "second template for word16"), "{said:?}");
        assert!(!said.iter().any(|(f, _)| *f == "en-US/excel16.adml"), "the ADML of a bad ADMX is no orphan: {said:?}");
        assert_eq!(said.len(), 6, "{said:?}");
    }

    #[test]
    fn generated_templates_are_utf16_and_read_whole() {
        let files = generated(3, 40);
        assert!(files.iter().all(|f| f.bytes.starts_with(&[0xFF, 0xFE])));
        let read = read(&files, &["en-US".into()]);
        assert_eq!(read.problems, []);
        assert_eq!(read.catalog.policies.len(), 120);
        assert_eq!(read.catalog.policies.iter().filter(|p| p.baseline).count(), 9);
        assert_eq!(read.catalog.policies[0].category, ["Generated App 0", "Area 0"]);
    }
}
