//! The Graph contract of the Office client configuration types: one table of every property
//! the published beta contract gives them, its type and whether it may be `null`.
//!
//! This is the one place these facts live. The editor builds its `$select` from it, and the
//! Graph emulator (`emulator/src/contract.rs` includes this very file) answers by it, so a test
//! against the emulator means something for a real tenant. The file therefore uses nothing but
//! `core` and `std`.
//!
//! Where each row comes from (both read the same way; the docs' tables differ and are not the
//! contract):
//! - `CSDL`: `microsoftgraph/msgraph-metadata`, `beta_metadata.xml` (the 2021 revisions, the last
//!   that hold these types; removed from the published beta metadata in 2023).
//! - `OPENAPI`: `microsoftgraph/msgraph-sdk-powershell`,
//!   `openApiDocs/beta/DevicesApps.OfficeConfiguration.yml` (generated from the CSDL: its
//!   `$select` and `$expand` enums, and `format: base64url` on the streams).
//! - `DOCS`: `microsoftgraph/microsoft-graph-docs-contrib`,
//!   `api-reference/beta/resources/windowsofficeclientsecurityconfiguration.md` (the table that
//!   lists `lastModifiedDateTime`, which the CSDL lacks).

/// Where a row of the contract comes from.
pub const CSDL: &str = "microsoftgraph/msgraph-metadata, beta_metadata.xml";
pub const OPENAPI: &str = "microsoftgraph/msgraph-sdk-powershell, openApiDocs/beta/DevicesApps.OfficeConfiguration.yml";
pub const DOCS: &str = "microsoftgraph/microsoft-graph-docs-contrib, \
     api-reference/beta/resources/windowsofficeclientsecurityconfiguration.md";

/// The type of a property, as the CSDL writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Int32,
    Boolean,
    DateTimeOffset,
    /// `Edm.Stream`: raw bytes at the property's own URL.
    Stream,
    /// A complex type, by its name in the contract.
    Complex(&'static str),
    /// `Collection(Edm.String)` whose entries may be `null`.
    Strings,
    /// A collection of a complex type.
    Complexes(&'static str),
    /// A contained navigation property: read only with `$expand`.
    Navigation,
}

/// One property of a type in the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Property {
    pub name: &'static str,
    pub kind: Kind,
    /// Whether the contract lets it be `null`.
    pub nullable: bool,
    /// Where the row comes from.
    pub source: &'static str,
}

const fn p(name: &'static str, kind: Kind, nullable: bool, source: &'static str) -> Property {
    Property { name, kind, nullable, source }
}

/// `microsoft.graph.officeClientConfiguration` (abstract; `windowsOfficeClientConfiguration` and
/// `windowsOfficeClientSecurityConfiguration` derive from it and add nothing), with `id` from
/// `entity`. The OpenAPI's `$select` enum lists exactly these.
pub const CONFIGURATION: &[Property] = &[
    p("id", Kind::String, false, CSDL),
    p("checkinStatuses", Kind::Complexes("officeClientCheckinStatus"), true, CSDL),
    p("description", Kind::String, true, CSDL),
    p("displayName", Kind::String, true, CSDL),
    p("policyPayload", Kind::Stream, true, CSDL),
    p("priority", Kind::Int32, false, CSDL),
    p("userCheckinSummary", Kind::Complex("officeUserCheckinSummary"), true, CSDL),
    p("userPreferencePayload", Kind::Stream, true, CSDL),
    p("assignments", Kind::Navigation, true, CSDL),
];

/// `microsoft.graph.officeClientCheckinStatus`: the strings not marked otherwise are nullable.
pub const CHECKIN_STATUS: &[Property] = &[
    p("appliedPolicies", Kind::Strings, true, CSDL),
    p("checkinDateTime", Kind::DateTimeOffset, false, CSDL),
    p("deviceName", Kind::String, true, CSDL),
    p("devicePlatform", Kind::String, true, CSDL),
    p("devicePlatformVersion", Kind::String, true, CSDL),
    p("errorMessage", Kind::String, true, CSDL),
    p("userId", Kind::String, false, CSDL),
    p("userPrincipalName", Kind::String, true, CSDL),
    p("wasSuccessful", Kind::Boolean, false, CSDL),
];

/// `microsoft.graph.officeUserCheckinSummary`.
pub const CHECKIN_SUMMARY: &[Property] =
    &[p("failedUserCount", Kind::Int32, false, CSDL), p("succeededUserCount", Kind::Int32, false, CSDL)];

/// `microsoft.graph.officeConfiguration`, the singleton at `/officeConfiguration`.
pub const OFFICE_CONFIGURATION: &[Property] = &[
    p("tenantCheckinStatuses", Kind::Complexes("officeClientCheckinStatus"), true, CSDL),
    p("tenantUserCheckinSummary", Kind::Complex("officeUserCheckinSummary"), true, CSDL),
    p("clientConfigurations", Kind::Navigation, true, CSDL),
];

/// Properties the docs' tables list but the contract's type lacks: never `$select`ed; read when
/// an answer happens to carry them.
pub const DOCS_ONLY: &[Property] = &[p("lastModifiedDateTime", Kind::DateTimeOffset, true, DOCS)];

/// The type's name in Graph's error messages and `@odata.type`s.
pub const CONFIGURATION_BASE_TYPE: &str = "microsoft.graph.officeClientConfiguration";

/// The property of this type named `name`, if the contract has one.
pub fn property(of: &[Property], name: &str) -> Option<Property> {
    of.iter().copied().find(|p| p.name == name)
}

/// The `$expand` options the OpenAPI allows on the collection (besides `*`).
pub const EXPANDABLE: &[&str] = &["assignments"];

/// The list's columns as a `$select`: the ones `wanted` names that the contract's type has, in
/// `wanted`'s order (a name the type lacks is left out, never sent).
pub fn select(wanted: &[&str]) -> String {
    let kept: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| property(CONFIGURATION, w).is_some_and(|p| p.kind != Kind::Navigation))
        .collect();
    kept.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_has_what_the_openapi_select_enum_lists_and_nothing_more() {
        let enum_in_openapi = [
            "id",
            "userPreferencePayload",
            "policyPayload",
            "description",
            "displayName",
            "priority",
            "userCheckinSummary",
            "checkinStatuses",
            "assignments",
        ];
        let mut ours: Vec<&str> = CONFIGURATION.iter().map(|p| p.name).collect();
        let mut theirs = enum_in_openapi.to_vec();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
        assert!(property(CONFIGURATION, "lastModifiedDateTime").is_none());
        assert!(property(DOCS_ONLY, "lastModifiedDateTime").is_some());
    }

    #[test]
    fn select_keeps_only_what_the_type_has() {
        assert_eq!(
            select(&["id", "displayName", "lastModifiedDateTime", "priority", "assignments"]),
            "id,displayName,priority"
        );
    }

    #[test]
    fn the_table_uses_nothing_but_std_so_the_emulator_can_include_it() {
        let code = include_str!("contract.rs");
        let (code, _tests) = code.split_once("#[cfg(test)]").unwrap();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            assert!(!line.contains("crate::") && !line.contains("super::"), "{line}");
            assert!(!line.trim_start().starts_with("use ") || line.contains("std::"), "{line}");
        }
    }

    #[test]
    fn nullability_follows_the_csdl() {
        let non_nullable: Vec<&str> = CHECKIN_STATUS.iter().filter(|p| !p.nullable).map(|p| p.name).collect();
        assert_eq!(non_nullable, ["checkinDateTime", "userId", "wasSuccessful"]);
        assert!(!property(CONFIGURATION, "priority").unwrap().nullable);
    }
}
