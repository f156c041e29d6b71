//! The names a return may use, interned once per agreement: each row's text
//! is looked up here and turned into small numbers (an obligation or pool,
//! an owner's place, a period's slot), so that no row keeps a string.

use rustc_hash::FxHashMap;

use crate::model::{Agreement, Kind, PoolKind};
use crate::period::{FinancialYear, Period};

/// What a row's first column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// An obligation, by index in the agreement.
    Obligation(usize),
    /// A pooled fund, by index in the agreement's pools.
    Pool(usize),
    /// An aligned budget (its spending is not settled between partners).
    Aligned(usize),
}

/// A party that may report: a partner or a governance body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// A partner, by index.
    Partner(usize),
    /// A governance body, by index.
    Body(usize),
}

/// The agreement's names, ready for looking rows up.
#[derive(Debug)]
pub struct Catalogue {
    items: FxHashMap<Box<[u8]>, Item>,
    parties: FxHashMap<Box<[u8]>, Party>,
    /// Per obligation, its owners in the order written.
    pub owners: Vec<Vec<Party>>,
    /// Per obligation, where its owners' cells start in the table.
    pub owner_base: Vec<usize>,
    /// All owners of all obligations.
    pub owner_count: usize,
    /// Partners and bodies: the stride of `places`.
    party_count: usize,
    /// Partners (bodies come after them in `places`).
    partner_count: usize,
    /// Per obligation and party, its place among the obligation's owners
    /// (`NOT_OWNER` if none); empty for an agreement too large for it.
    places: Vec<u32>,
    /// The first year of the term.
    pub first_year: FinancialYear,
    /// How many years the term has.
    pub years: usize,
    /// Every name, for suggestions.
    item_names: Vec<String>,
    party_names: Vec<String>,
}

/// Slots per year: the year itself and its four quarters.
pub const SLOTS_PER_YEAR: usize = 5;

/// In `places`: the party does not own the obligation.
const NOT_OWNER: u32 = u32::MAX;

/// The most entries `places` may have (64 MiB); beyond, owners are searched.
const MOST_PLACES: usize = 1 << 24;

impl Catalogue {
    /// The catalogue of `agreement`, or `None` if it has no term.
    pub fn new(agreement: &Agreement) -> Option<Catalogue> {
        let term = agreement.term?;
        let first_year = term.first.value;
        let years = term.years().count();
        let mut items = FxHashMap::default();
        let mut item_names = Vec::new();
        for (index, obligation) in agreement.obligations.iter().enumerate() {
            items.insert(bytes(obligation.id.as_str()), Item::Obligation(index));
            item_names.push(obligation.id.to_string());
        }
        for (index, pool) in agreement.pools.iter().enumerate() {
            let item = match pool.kind {
                PoolKind::Pooled => Item::Pool(index),
                PoolKind::Aligned => Item::Aligned(index),
            };
            items.insert(bytes(pool.id.as_str()), item);
            item_names.push(pool.id.to_string());
        }
        let mut parties = FxHashMap::default();
        let mut party_names = Vec::new();
        for (index, partner) in agreement.partners.iter().enumerate() {
            parties.insert(bytes(partner.id.as_str()), Party::Partner(index));
            party_names.push(partner.id.to_string());
        }
        for (index, body) in agreement.bodies.iter().enumerate() {
            parties.insert(bytes(body.id.as_str()), Party::Body(index));
            party_names.push(body.id.to_string());
        }
        let mut owners = Vec::with_capacity(agreement.obligations.len());
        let mut owner_base = Vec::with_capacity(agreement.obligations.len());
        let mut owner_count = 0;
        for obligation in &agreement.obligations {
            let list: Vec<Party> = obligation
                .owners
                .iter()
                .filter_map(|owner| match owner.kind {
                    Kind::Partner => Some(Party::Partner(owner.index)),
                    Kind::Body => Some(Party::Body(owner.index)),
                    _ => None,
                })
                .collect();
            owner_base.push(owner_count);
            owner_count += list.len();
            owners.push(list);
        }
        let party_count = agreement.partners.len() + agreement.bodies.len();
        let mut places = Vec::new();
        if owners.len().saturating_mul(party_count) <= MOST_PLACES {
            places = vec![NOT_OWNER; owners.len() * party_count];
            for (obligation, list) in owners.iter().enumerate() {
                for (place, party) in list.iter().enumerate() {
                    let key = party_key(agreement.partners.len(), *party);
                    let entry = places.get_mut(obligation * party_count + key);
                    if let (Some(entry @ &mut NOT_OWNER), Ok(place)) = (entry, u32::try_from(place))
                    {
                        *entry = place;
                    }
                }
            }
        }
        Some(Catalogue {
            items,
            parties,
            owners,
            owner_base,
            owner_count,
            party_count,
            partner_count: agreement.partners.len(),
            places,
            first_year,
            years,
            item_names,
            party_names,
        })
    }

    /// What a name in the first column stands for.
    pub fn item(&self, name: &[u8]) -> Option<Item> {
        self.items.get(name).copied()
    }

    /// The party a name stands for.
    pub fn party(&self, name: &[u8]) -> Option<Party> {
        self.parties.get(name).copied()
    }

    /// The nearest obligation or pool name, for "did you mean".
    pub fn nearest_item(&self, name: &str) -> Option<&str> {
        crate::diagnostics::did_you_mean(name, self.item_names.iter().map(String::as_str))
    }

    /// The nearest partner or body name.
    pub fn nearest_party(&self, name: &str) -> Option<&str> {
        crate::diagnostics::did_you_mean(name, self.party_names.iter().map(String::as_str))
    }

    /// Slots in the table per owner: every year and quarter of the term.
    pub fn slots_per_owner(&self) -> usize {
        self.years * SLOTS_PER_YEAR
    }

    /// The slot of a period, or `None` outside the term.
    pub fn slot(&self, period: Period) -> Option<usize> {
        let year = period.year();
        if year < self.first_year {
            return None;
        }
        let offset = usize::from(year.start_year() - self.first_year.start_year());
        if offset >= self.years {
            return None;
        }
        let within = match period {
            Period::Year(_) => 0,
            Period::Quarter(_, quarter) => usize::from(quarter),
        };
        Some(offset * SLOTS_PER_YEAR + within)
    }

    /// The period of a slot.
    pub fn period_of(&self, slot: usize) -> Period {
        let offset = u16::try_from(slot / SLOTS_PER_YEAR).unwrap_or(u16::MAX);
        let year = FinancialYear::starting(self.first_year.start_year().saturating_add(offset));
        match slot % SLOTS_PER_YEAR {
            0 => Period::Year(year),
            quarter => Period::Quarter(year, u8::try_from(quarter).unwrap_or(4)),
        }
    }

    /// The index of the first cell of an owner of an obligation.
    pub fn owner_cell(&self, obligation: usize, owner: usize) -> usize {
        let base = self.owner_base.get(obligation).copied().unwrap_or(0);
        (base + owner) * self.slots_per_owner()
    }

    /// Where `party` stands among the owners of `obligation`.
    pub fn owner_place(&self, obligation: usize, party: Party) -> Option<usize> {
        if !self.places.is_empty() {
            let key = party_key(self.partner_count, party);
            if key >= self.party_count {
                return None;
            }
            return match self.places.get(obligation * self.party_count + key) {
                Some(&NOT_OWNER) | None => None,
                Some(&place) => usize::try_from(place).ok(),
            };
        }
        self.owners
            .get(obligation)?
            .iter()
            .position(|owner| *owner == party)
    }
}

/// A party's column in `places`: partners first, then bodies.
fn party_key(partners: usize, party: Party) -> usize {
    match party {
        Party::Partner(index) => index,
        Party::Body(index) => partners + index,
    }
}

fn bytes(name: &str) -> Box<[u8]> {
    name.as_bytes().into()
}
