//! The Office policy catalog: every policy of the admin's own Administrative Templates
//! (`office16.admx`, `word16.admx`, … with `<lang>/*.adml`), read into one model the Settings
//! view names settings with, checks values against, searches and adds from.
//!
//! - [`xml`]: the files' bytes to text (UTF-16LE/BE with a BOM, or UTF-8) and text to a tree.
//! - [`template`]: ADMX + ADML files to a [`Catalog`], each bad file a [`Problem`] of its own.
//! - [`entry`]: a policy in a payload — the entries it is written as, in the shape the payload
//!   already uses, and the policies and warnings a payload's settings name.
//! - [`search`]: the catalog panel's search and filters.
//!
//! Microsoft's templates are never part of the product: the editor reads the admin's copy; the
//! tests read templates written for them (`tests/fixtures/templates`) and [`template::generated`]
//! ones at a real release's size. The model crosses from the worker that reads the files to the
//! page as JSON (serde), in pieces ([`Catalog::pieces`]): the page reads one piece a task, so
//! that taking in a release's 2,400 policies is never one long task.

pub mod entry;
pub mod search;
pub mod template;
pub mod xml;

use serde::{Deserialize, Serialize};

/// The policies of the loaded templates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub templates: Vec<Template>,
    pub policies: Vec<Policy>,
}

/// A piece of a catalog as it is written: a `Catalog`'s fields, borrowed.
#[derive(Serialize)]
struct Piece<'a> {
    templates: &'a [Template],
    policies: &'a [Policy],
}

/// One ADMX file and the ADML its strings came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// The file's name as given (`word16.admx`).
    pub file: String,
    /// Its target prefix (`word16`), the first half of a setting id.
    pub prefix: String,
    pub revision: String,
    /// The ADML's language (`en-US`), none when no ADML was given for it.
    pub language: Option<String>,
}

/// A registry value a template writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegValue {
    Number(u32),
    Text(String),
    /// The value is deleted.
    Delete,
}

/// Which hive a policy is written to; Cloud Policy applies user policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    User,
    Machine,
    Both,
}

/// One policy of a template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// `prefix;name`, as the Cloud Policy service names a setting (`word16;L_VBAWarningsPolicy`).
    pub id: String,
    /// The template's prefix (`word16`).
    pub prefix: String,
    /// The policy's name (`L_VBAWarningsPolicy`).
    pub name: String,
    /// The application the template is for (`Word`).
    pub app: String,
    /// Its display name in the ADML (its name when the ADML lacks it).
    pub display: String,
    pub explain: String,
    /// The display names of its categories, outermost first.
    pub category: Vec<String>,
    pub class: Class,
    /// The registry key it writes under.
    pub key: String,
    /// The policy's own value, for a policy that is only on or off.
    pub value_name: Option<String>,
    /// What the policy's own value is when enabled and when disabled (1 and 0 unless the
    /// template says otherwise).
    pub enabled_value: Option<RegValue>,
    pub disabled_value: Option<RegValue>,
    /// The display text of its `supportedOn` (the reference when the templates lack it).
    pub supported_on: String,
    /// The template marks it as part of the Microsoft 365 Apps security baseline.
    pub baseline: bool,
    pub elements: Vec<Element>,
}

/// One value a policy sets beside (or instead of) its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub id: String,
    /// Its label in the ADML's presentation (the policy's display name for a lone unlabelled one).
    pub label: String,
    /// Its own key, when not the policy's.
    pub key: Option<String>,
    /// The value it writes; a list's is the prefix of its values' names.
    pub value_name: Option<String>,
    pub required: bool,
    pub kind: ElementKind,
}

/// What an element holds, with the template's limits and the presentation's default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ElementKind {
    Enum {
        items: Vec<Choice>,
        default: Option<usize>,
    },
    Decimal {
        min: u32,
        max: u32,
        default: Option<u32>,
        as_text: bool,
    },
    Boolean {
        on: RegValue,
        off: RegValue,
        default: bool,
    },
    Text {
        max_length: u32,
        expandable: bool,
        default: Option<String>,
    },
    /// Values named `prefix1`, `prefix2`, … (or named by the admin, `explicit`).
    List {
        explicit: bool,
    },
    MultiText {
        max_strings: Option<u32>,
    },
}

/// One choice of an enum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub display: String,
    pub value: RegValue,
}

/// A file that could not be read as it should, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

/// How many policies a piece of the catalog holds (a few hundred KB of JSON at a release's size,
/// a few milliseconds of the page's reading).
pub const PER_PIECE: usize = 200;

impl Catalog {
    /// The catalog as JSON texts of at most `per` policies each, the first with the templates:
    /// each is a `Catalog` of its own, so the whole catalog's JSON is a one-piece list too.
    pub fn pieces(&self, per: usize) -> Result<Vec<String>, serde_json::Error> {
        let mut chunks = self.policies.chunks(per.max(1));
        let first = Piece { templates: &self.templates, policies: chunks.next().unwrap_or_default() };
        let mut out = vec![serde_json::to_string(&first)?];
        for policies in chunks {
            out.push(serde_json::to_string(&Piece { templates: &[], policies })?);
        }
        Ok(out)
    }

    /// Adds one piece written by [`Catalog::pieces`] (or a whole catalog's JSON).
    pub fn add_piece(&mut self, piece: &str) -> Result<(), serde_json::Error> {
        let Catalog { templates, policies } = serde_json::from_str(piece)?;
        self.templates.extend(templates);
        self.policies.extend(policies);
        Ok(())
    }

    /// The policy with this id (`word16;L_VBAWarningsPolicy`).
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// The policy a payload's key or string names: a setting id, or a bare policy name
    /// (`L_VBAWarningsPolicy`, which several apps' templates share; the one whose app or prefix
    /// `context` mentions — the setting's path, say — or else the first).
    pub fn named(&self, name: &str, context: &str) -> Option<&Policy> {
        if name.contains(';') {
            return self.policy(name);
        }
        if !name.starts_with("L_") {
            return None;
        }
        let context = context.to_lowercase();
        let mut found = self.policies.iter().filter(|p| p.name == name);
        let first = found.next()?;
        let mentioned = |p: &Policy| {
            let app = p.app.to_lowercase();
            let bare = p.prefix.trim_end_matches(|c: char| c.is_ascii_digit());
            context.contains(&app) || context.contains(bare)
        };
        match mentioned(first) {
            true => Some(first),
            false => found.find(|p| mentioned(p)).or(Some(first)),
        }
    }

    /// One line saying what is loaded: `3 templates (office16, word16, excel16), 2,411 policies, en-US`.
    pub fn summary(&self) -> String {
        let prefixes: Vec<&str> = self.templates.iter().map(|t| t.prefix.as_str()).collect();
        let mut languages: Vec<&str> = self.templates.iter().filter_map(|t| t.language.as_deref()).collect();
        languages.sort_unstable();
        languages.dedup();
        let mut revisions: Vec<&str> = self.templates.iter().map(|t| t.revision.as_str()).collect();
        revisions.sort_unstable();
        revisions.dedup();
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} ({}), revision {}, {}, {}",
            count(self.templates.len(), "template", "templates"),
            prefixes.join(", "),
            revisions.join("/"),
            count(self.policies.len(), "policy", "policies"),
            if languages.is_empty() { "names by id (no ADML)".to_string() } else { languages.join("/") }
        )
    }
}

/// The application a template prefix is for (`word16` → `Word`).
pub fn app_of(prefix: &str) -> String {
    let bare = prefix.trim_end_matches(|c: char| c.is_ascii_digit()).to_lowercase();
    let known = match bare.as_str() {
        "office" => "Office",
        "word" => "Word",
        "excel" => "Excel",
        "ppt" => "PowerPoint",
        "outlk" => "Outlook",
        "access" => "Access",
        "onent" => "OneNote",
        "pub" => "Publisher",
        "visio" => "Visio",
        "proj" => "Project",
        "lync" => "Skype for Business",
        "teams" => "Teams",
        _ => "",
    };
    match known {
        "" => {
            let mut chars = bare.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        }
        name => name.to_string(),
    }
}

impl RegValue {
    /// Its registry type, as the Cloud Policy entry names it.
    pub fn reg_type(&self) -> &'static str {
        match self {
            RegValue::Text(_) => "REG_SZ",
            _ => "REG_DWORD",
        }
    }

    /// Whether a payload's value is this one: a number as a number or as its digits.
    pub fn matches(&self, value: &serde_json::Value) -> bool {
        match (self, value) {
            (RegValue::Number(n), serde_json::Value::Number(v)) => v.as_u64() == Some(u64::from(*n)),
            (RegValue::Number(n), serde_json::Value::String(s)) => s.trim().parse::<u64>().ok() == Some(u64::from(*n)),
            (RegValue::Text(t), serde_json::Value::String(s)) => t == s,
            (RegValue::Text(t), serde_json::Value::Number(v)) => *t == v.to_string(),
            _ => false,
        }
    }

    /// As the payload writes it: a number as a JSON number, text as a string.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            RegValue::Number(n) => (*n).into(),
            RegValue::Text(t) => t.clone().into(),
            RegValue::Delete => serde_json::Value::Null,
        }
    }

    /// As an admin reads it.
    pub fn show(&self) -> String {
        match self {
            RegValue::Number(n) => n.to_string(),
            RegValue::Text(t) => format!("\"{t}\""),
            RegValue::Delete => "(deleted)".into(),
        }
    }
}
