//! How a dossier reaches the agency.
//!
//! The channel decides which fees and processing times apply (catalogue
//! records may be restricted to channels), which policies hold (online
//! discounts, online-only acceptance), which deadline rules apply (the 15:00
//! cut-off is for dossiers received in person) and what the KPIs count as
//! online. It sits below everything that reads it, as a plain vocabulary.

use serde::{Deserialize, Serialize};
use strum::VariantNames;

/// How a dossier reaches the agency (Decree 61/2018 Art. 16: in person,
/// by public postal service, or online through a DVC portal).
///
/// ```
/// use tthc::Channel;
///
/// let c = Channel::parse("provincial-portal");
/// assert_eq!(c, Some(Channel::ProvincialPortal));
/// assert!(Channel::ProvincialPortal.is_online());
/// assert_eq!(Channel::InPerson.as_str(), "in-person");
/// ```
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Channel {
    /// Cổng Dịch vụ công quốc gia.
    NationalPortal,
    /// The province's or ministry's DVC portal.
    ProvincialPortal,
    /// At the Bộ phận Một cửa.
    InPerson,
    /// Bưu chính công ích.
    Postal,
}

/// Read from its name only; any other value is an error that lists the
/// names ([`crate::strict::name`]).
impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Channel, D::Error> {
        crate::strict::name(d, Channel::NAMES, Channel::parse)
    }
}

impl Channel {
    /// The names, as cases, catalogue files and records write them.
    pub const NAMES: &'static [&'static str] = Channel::VARIANTS;
    /// Every channel, in the order of [`Channel::NAMES`].
    pub const ALL: [Channel; 4] = [
        Channel::NationalPortal,
        Channel::ProvincialPortal,
        Channel::InPerson,
        Channel::Postal,
    ];

    /// The channel named `s` (`national-portal`, `provincial-portal`,
    /// `in-person`, `postal`).
    pub fn parse(s: &str) -> Option<Channel> {
        s.parse().ok()
    }

    /// Its name, e.g. `"in-person"`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether the dossier is filed through a DVC portal.
    pub fn is_online(self) -> bool {
        matches!(self, Channel::NationalPortal | Channel::ProvincialPortal)
    }

    /// The Vietnamese name of the channel.
    pub fn label_vi(self) -> &'static str {
        match self {
            Channel::NationalPortal => "Cổng Dịch vụ công quốc gia",
            Channel::ProvincialPortal => "Cổng Dịch vụ công cấp tỉnh",
            Channel::InPerson => "Trực tiếp tại Bộ phận Một cửa",
            Channel::Postal => "Qua bưu chính công ích",
        }
    }

    /// Bit of this channel in a [`ChannelSet`].
    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of channels as a bit mask: conditions and online-only rules test
/// membership on every evaluation, so it must cost one AND.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ChannelSet(pub(crate) u8);

impl ChannelSet {
    /// Every channel.
    pub const ALL: ChannelSet = ChannelSet(0b1111);

    /// Whether `c` is in the set.
    pub fn contains(self, c: Channel) -> bool {
        self.0 & c.bit() != 0
    }

    /// Adds `c`.
    pub fn insert(&mut self, c: Channel) {
        self.0 |= c.bit();
    }

    /// The channels in both sets.
    pub fn intersect(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 & other.0)
    }

    /// The channels in the set, in the order of [`Channel::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl ChannelSet {
    /// The two portal channels: the national portal's "Trực tuyến".
    pub const ONLINE: ChannelSet = ChannelSet(0b0011);

    /// Names a catalogue may write in a `channels` list: every channel, and
    /// `online` for both portals (the national portal's records say only
    /// "Trực tuyến", not which portal).
    pub const NAMES: [&'static str; 5] = [
        "online",
        "national-portal",
        "provincial-portal",
        "in-person",
        "postal",
    ];

    /// The channels one name of [`ChannelSet::NAMES`] stands for.
    pub fn parse_name(s: &str) -> Option<ChannelSet> {
        if s == "online" {
            return Some(ChannelSet::ONLINE);
        }
        Channel::parse(s).map(ChannelSet::of)
    }

    /// The set holding only `c`.
    pub fn of(c: Channel) -> ChannelSet {
        ChannelSet(c.bit())
    }

    /// Whether no channel is in the set.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The channels of either set.
    pub fn union(self, other: ChannelSet) -> ChannelSet {
        ChannelSet(self.0 | other.0)
    }
}

/// Serialised as the list of its channel names.
impl Serialize for ChannelSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are spelled once (strum derives them from the variants);
    /// serde must spell them the same, and ALL must list them in order.
    #[test]
    fn names_agree_with_serde_and_all() {
        assert_eq!(Channel::NAMES.len(), Channel::ALL.len());
        for (c, name) in Channel::ALL.iter().zip(Channel::NAMES) {
            assert_eq!(c.as_str(), *name);
            assert_eq!(Channel::parse(name), Some(*c));
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::from(*name))
            );
        }
        assert_eq!(Channel::parse("email"), None);
        assert_eq!(ChannelSet::ALL.iter().count(), 4);
    }

    #[test]
    fn online_names_both_portals() {
        let online = ChannelSet::parse_name("online");
        assert_eq!(online, Some(ChannelSet::ONLINE));
        assert_eq!(
            ChannelSet::ONLINE.iter().collect::<Vec<_>>(),
            vec![Channel::NationalPortal, Channel::ProvincialPortal]
        );
        assert_eq!(
            ChannelSet::parse_name("postal"),
            Some(ChannelSet::of(Channel::Postal))
        );
        assert_eq!(ChannelSet::parse_name("fax"), None);
        assert!(ChannelSet::default().is_empty());
        assert_eq!(
            serde_json::to_string(&ChannelSet::ONLINE.union(ChannelSet::of(Channel::Postal))).ok(),
            Some(r#"["national-portal","provincial-portal","postal"]"#.to_string())
        );
    }
}
