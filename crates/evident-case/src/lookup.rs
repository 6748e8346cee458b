//! Finding items for alignment: by identifier, URI, human coding scheme or item type.

use std::collections::HashMap;

use crate::model::{Association, AssociationType, Item, LinkUri, Package};
use crate::validate::IdentifierKey;

impl Package {
    /// Returns the item with the given identifier. Identifiers compare
    /// case-insensitively, as UUIDs do. This scans the items, so build an [`ItemIndex`]
    /// for many look-ups.
    pub fn item(&self, identifier: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|item| item.identifier.eq_ignore_ascii_case(identifier))
    }

    /// Returns the item with the given `uri`.
    pub fn item_by_uri(&self, uri: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.uri == uri)
    }

    /// Returns the item a link names: by identifier, or else by uri.
    pub fn item_for_link(&self, link: &LinkUri) -> Option<&Item> {
        self.item(&link.identifier)
            .or_else(|| self.item_by_uri(&link.uri))
    }

    /// Returns the first item whose `humanCodingScheme` equals `code`.
    pub fn item_by_human_code(&self, code: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|item| item.human_coding_scheme.as_deref() == Some(code))
    }

    /// Returns the items whose type name ([`Item::type_name`]) equals `type_name`, in
    /// package order. Matching ignores letter case, so "competence" finds DigCompEdu's
    /// "Competence" items.
    pub fn items_of_type<'a>(&'a self, type_name: &'a str) -> impl Iterator<Item = &'a Item> {
        self.items.iter().filter(move |item| {
            item.type_name()
                .is_some_and(|name| name.eq_ignore_ascii_case(type_name))
        })
    }

    /// Returns the associations whose origin is the object with the given identifier
    /// (ignoring letter case), optionally only those of one type, in package order.
    /// Use it to list an item's `exactMatchOf` or `hasSkillLevel` links, for example.
    pub fn associations_from<'a>(
        &'a self,
        identifier: &'a str,
        association_type: Option<&'a AssociationType>,
    ) -> impl Iterator<Item = &'a Association> {
        self.associations.iter().filter(move |association| {
            association
                .origin
                .identifier
                .eq_ignore_ascii_case(identifier)
                && association_type.is_none_or(|wanted| association.association_type == *wanted)
        })
    }

    /// Returns the associations whose destination is the object with the given
    /// identifier (ignoring letter case), optionally only those of one type, in package
    /// order.
    pub fn associations_to<'a>(
        &'a self,
        identifier: &'a str,
        association_type: Option<&'a AssociationType>,
    ) -> impl Iterator<Item = &'a Association> {
        self.associations.iter().filter(move |association| {
            association
                .destination
                .identifier
                .eq_ignore_ascii_case(identifier)
                && association_type.is_none_or(|wanted| association.association_type == *wanted)
        })
    }

    /// Builds hash indexes over the items for repeated look-ups.
    pub fn item_index(&self) -> ItemIndex<'_> {
        ItemIndex::new(self)
    }
}

/// Hash indexes from identifier (ignoring letter case) and uri to item, for packages
/// with thousands of items.
#[derive(Debug, Clone)]
pub struct ItemIndex<'a> {
    package: &'a Package,
    by_identifier: HashMap<IdentifierKey, usize>,
    by_uri: HashMap<&'a str, usize>,
}

impl<'a> ItemIndex<'a> {
    /// Indexes the items of `package`. When two items share an identifier or uri, the
    /// first one wins, but import rejects duplicate identifiers.
    pub fn new(package: &'a Package) -> Self {
        let mut by_identifier = HashMap::with_capacity(package.items.len());
        let mut by_uri = HashMap::with_capacity(package.items.len());
        for (index, item) in package.items.iter().enumerate() {
            by_identifier
                .entry(IdentifierKey::new(&item.identifier))
                .or_insert(index);
            by_uri.entry(item.uri.as_str()).or_insert(index);
        }
        ItemIndex {
            package,
            by_identifier,
            by_uri,
        }
    }

    /// Returns the item with the given identifier, ignoring letter case.
    pub fn item(&self, identifier: &str) -> Option<&'a Item> {
        let index = *self.by_identifier.get(&IdentifierKey::new(identifier))?;
        Some(&self.package.items[index])
    }

    /// Returns the item with the given uri.
    pub fn item_by_uri(&self, uri: &str) -> Option<&'a Item> {
        let index = *self.by_uri.get(uri)?;
        Some(&self.package.items[index])
    }

    /// Returns the item a link names: by identifier, or else by uri.
    pub fn item_for_link(&self, link: &LinkUri) -> Option<&'a Item> {
        self.item(&link.identifier)
            .or_else(|| self.item_by_uri(&link.uri))
    }
}
