//! The names a return may use, interned once per agreement: each row's text
//! is looked up here and turned into small numbers (an obligation or pool,
//! an owner's place, a period's slot), so that no row keeps a string.

use rustc_hash::FxHashMap;

use crate::model::{Agreement, Attribution, Kind, PoolKind};
use crate::period::{FinancialYear, Period};
use crate::syntax::ast::Frequency;

/// What a row's first column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// An obligation, by index in the agreement.
    Obligation(usize),
    /// A pooled fund, by index in the agreement's pools.
    Pool(usize),
    /// An aligned budget (its spending is not settled between partners).
    Aligned(usize),
    /// A scheme of a pooled fund, by its place among the funds (after the
    /// pools: see [`Catalogue::scheme_of`]).
    Scheme(usize),
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
    /// Each item's place in `listed`.
    items: FxHashMap<Box<[u8]>, usize>,
    /// The items in the order declared (obligations, pools, schemes), each
    /// with its name; `None` where a later item of the same name shadows it.
    listed: Vec<Option<(Item, Box<[u8]>)>>,
    parties: FxHashMap<Box<[u8]>, Party>,
    /// Per obligation, its owners in the order written.
    pub owners: Vec<Vec<Party>>,
    /// Per obligation, where its cells are and what its figures may be
    /// (one look-up a row).
    layouts: Vec<Layout>,
    /// Per obligation attributed by category, its categories' names.
    categories: Vec<Vec<Box<[u8]>>>,
    /// Cells in the table.
    pub cell_count: usize,
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
    /// The schemes of pooled funds, in order, as (pool, scheme): scheme
    /// `k` of this list is fund `pools + k`.
    schemes: Vec<(usize, usize)>,
    /// How many pools (and aligned budgets) the agreement has.
    pools: usize,
    /// Every partner's and body's name, for suggestions (items' are in
    /// `listed`).
    party_names: Vec<String>,
}

/// How an obligation's figures are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// By each owner, for its own part (a sole owner, or joint owners with
    /// an attribution).
    ByOwner,
    /// One figure for the area, whichever joint owner returns it (joint
    /// owners without an attribution are judged together).
    ForArea,
    /// The area's figure in categories, one figure a category (an
    /// attribution by category), judged on their sum.
    ByCategory,
}

/// What reading a row of an obligation needs: where its cells are and what
/// its figures may be.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Where its cells start.
    pub base: usize,
    /// The cells of each reporting unit.
    pub stride: usize,
    /// Whether it has cells for months.
    pub monthly: bool,
    /// Whether its figures are annual.
    pub annual: bool,
    /// How its figures are reported.
    pub reported: Reported,
    /// The unit of its metric (how a figure is read).
    pub unit: Option<crate::model::Unit>,
}

impl Layout {
    /// The cell of `unit` at `slot`, whose place among the slots without
    /// months is `compact`.
    #[inline]
    pub fn cell(&self, unit: usize, slot: usize, compact: Option<usize>) -> Option<usize> {
        let within = if self.monthly { slot } else { compact? };
        (within < self.stride).then(|| self.base + unit * self.stride + within)
    }
}

/// Slots per year: the year itself, its four quarters and its twelve
/// months. An obligation without monthly figures has cells for the first
/// [`SLOTS_WITHOUT_MONTHS`] only.
pub const SLOTS_PER_YEAR: usize = 17;

/// The slots of a year without its months: the year and its quarters.
pub const SLOTS_WITHOUT_MONTHS: usize = 5;

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
        let mut listed = Vec::new();
        for (index, obligation) in agreement.obligations.iter().enumerate() {
            listed.push((bytes(obligation.id.as_str()), Item::Obligation(index)));
        }
        for (index, pool) in agreement.pools.iter().enumerate() {
            let item = match pool.kind {
                PoolKind::Pooled => Item::Pool(index),
                PoolKind::Aligned => Item::Aligned(index),
            };
            listed.push((bytes(pool.id.as_str()), item));
        }
        let mut schemes = Vec::new();
        for (index, pool) in agreement.pools.iter().enumerate() {
            if pool.kind != PoolKind::Pooled {
                continue;
            }
            for (k, scheme) in pool.schemes.iter().enumerate() {
                let fund = agreement.pools.len() + schemes.len();
                listed.push((bytes(scheme.id.as_str()), Item::Scheme(fund)));
                schemes.push((index, k));
            }
        }
        // A name declared twice stands for its last item (as a map built
        // in order would have it); the earlier is shadowed.
        let mut items = FxHashMap::default();
        for (place, (name, _)) in listed.iter().enumerate() {
            items.insert(name.clone(), place);
        }
        let listed = listed
            .into_iter()
            .enumerate()
            .map(|(place, (name, item))| (items.get(&name) == Some(&place)).then_some((item, name)))
            .collect();
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
        let mut categories = Vec::with_capacity(agreement.obligations.len());
        let mut layouts = Vec::with_capacity(agreement.obligations.len());
        let mut cell_count: usize = 0;
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
            let named: Vec<Box<[u8]>> = match &obligation.attribution {
                Some(Attribution::ByCategory(rows)) => {
                    rows.iter().map(|c| bytes(c.category.as_str())).collect()
                }
                _ => Vec::new(),
            };
            let reported = if !named.is_empty() {
                Reported::ByCategory
            } else if list.len() > 1 && obligation.attribution.is_none() {
                Reported::ForArea
            } else {
                Reported::ByOwner
            };
            let units = match reported {
                Reported::ForArea => 1,
                Reported::ByCategory => named.len(),
                Reported::ByOwner => list.len(),
            };
            categories.push(named);
            let months = obligation.figures().frequency == Frequency::Monthly;
            let per_year = if months {
                SLOTS_PER_YEAR
            } else {
                SLOTS_WITHOUT_MONTHS
            };
            layouts.push(Layout {
                base: cell_count,
                stride: per_year * years,
                monthly: months,
                annual: obligation.figures().basis == crate::syntax::ast::FigureBasis::Annual,
                reported,
                unit: obligation.metric.as_ref().and_then(|m| m.unit),
            });
            cell_count = cell_count.saturating_add(units.saturating_mul(per_year * years));
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
            layouts,
            categories,
            cell_count,
            party_count,
            partner_count: agreement.partners.len(),
            places,
            first_year,
            years,
            schemes,
            pools: agreement.pools.len(),
            listed,
            party_names,
        })
    }

    /// What a name in the first column stands for, and its place in the
    /// order declared.
    pub fn item(&self, name: &[u8]) -> Option<(Item, usize)> {
        let place = self.items.get(name).copied()?;
        let (item, _) = self.listed.get(place)?.as_ref()?;
        Some((*item, place))
    }

    /// The item at `place` in the order declared, if `name` is its name:
    /// cheaper than a look-up when rows list items in that order.
    pub fn item_at(&self, place: usize, name: &[u8]) -> Option<Item> {
        match self.listed.get(place) {
            Some(Some((item, listed))) if **listed == *name => Some(*item),
            _ => None,
        }
    }

    /// How many funds are monitored: the pools, then their schemes.
    pub fn funds(&self) -> usize {
        self.pools + self.schemes.len()
    }

    /// The pool and scheme a fund after the pools stands for.
    pub fn scheme_of(&self, fund: usize) -> Option<(usize, usize)> {
        self.schemes.get(fund.checked_sub(self.pools)?).copied()
    }

    /// The pool a fund belongs to: itself, or a scheme's pool.
    pub fn pool_of(&self, fund: usize) -> usize {
        self.scheme_of(fund).map_or(fund, |(pool, _)| pool)
    }

    /// The party a name stands for.
    pub fn party(&self, name: &[u8]) -> Option<Party> {
        self.parties.get(name).copied()
    }

    /// The nearest obligation or pool name, for "did you mean".
    pub fn nearest_item(&self, name: &str) -> Option<&str> {
        let names = self
            .listed
            .iter()
            .flatten()
            .filter_map(|(_, listed)| std::str::from_utf8(listed).ok());
        crate::diagnostics::did_you_mean(name, names)
    }

    /// The nearest partner or body name.
    pub fn nearest_party(&self, name: &str) -> Option<&str> {
        crate::diagnostics::did_you_mean(name, self.party_names.iter().map(String::as_str))
    }

    /// Slots per owner of any obligation: every year, quarter and month
    /// of the term (an obligation without monthly figures has cells for
    /// some of them only: see [`Catalogue::cell`]).
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
            Period::Month(_, month) => SLOTS_WITHOUT_MONTHS - 1 + usize::from(month),
        };
        Some(offset * SLOTS_PER_YEAR + within)
    }

    /// The period of a slot.
    pub fn period_of(&self, slot: usize) -> Period {
        let offset = u16::try_from(slot / SLOTS_PER_YEAR).unwrap_or(u16::MAX);
        let year = FinancialYear::starting(self.first_year.start_year().saturating_add(offset));
        match slot % SLOTS_PER_YEAR {
            0 => Period::Year(year),
            quarter @ 1..=4 => Period::Quarter(year, u8::try_from(quarter).unwrap_or(4)),
            month => Period::Month(
                year,
                u8::try_from(month + 1 - SLOTS_WITHOUT_MONTHS).unwrap_or(12),
            ),
        }
    }

    /// The table cell of reporting unit `unit` of an obligation (an
    /// owner's place, or 0 for the area) at `slot`; `None` for a month of
    /// an obligation without monthly figures.
    pub fn cell(&self, obligation: usize, unit: usize, slot: usize) -> Option<usize> {
        self.layout(obligation)?
            .cell(unit, slot, Catalogue::compact(slot))
    }

    /// What reading a row of obligation `obligation` needs.
    #[inline]
    pub fn layout(&self, obligation: usize) -> Option<&Layout> {
        self.layouts.get(obligation)
    }

    /// How an obligation's figures are reported.
    pub fn reported(&self, obligation: usize) -> Option<Reported> {
        self.layout(obligation).map(|l| l.reported)
    }

    /// Where a slot lies among the slots of the term without months (the
    /// `compact` of [`Layout::cell`]); `None` for a month.
    pub fn compact(slot: usize) -> Option<usize> {
        let (year, at) = (slot / SLOTS_PER_YEAR, slot % SLOTS_PER_YEAR);
        (at < SLOTS_WITHOUT_MONTHS).then_some(year * SLOTS_WITHOUT_MONTHS + at)
    }

    /// Where the cells of reporting unit `unit` of an obligation start: a
    /// slot's cell is this plus [`Catalogue::offset`].
    pub fn unit_base(&self, obligation: usize, unit: usize) -> Option<usize> {
        let layout = self.layout(obligation)?;
        Some(layout.base + unit * layout.stride)
    }

    /// Where a slot's cell lies among each unit's cells of an obligation;
    /// `None` for a month of an obligation without monthly figures.
    pub fn offset(&self, obligation: usize, slot: usize) -> Option<usize> {
        let layout = self.layout(obligation)?;
        Some(layout.cell(0, slot, Catalogue::compact(slot))? - layout.base)
    }

    /// The reporting units of an obligation: its owners, the one area, or
    /// the area's categories.
    pub fn units(&self, obligation: usize) -> usize {
        match self.reported(obligation) {
            Some(Reported::ForArea) => 1,
            Some(Reported::ByCategory) => self.categories.get(obligation).map_or(0, Vec::len),
            _ => self.owners.get(obligation).map_or(0, Vec::len),
        }
    }

    /// The reporting unit of a category of an obligation attributed by
    /// category.
    pub fn category_unit(&self, obligation: usize, name: &[u8]) -> Option<usize> {
        self.categories
            .get(obligation)?
            .iter()
            .position(|c| &**c == name)
    }

    /// The categories of an obligation attributed by category, for
    /// messages.
    pub fn category_names(&self, obligation: usize) -> Vec<String> {
        self.categories
            .get(obligation)
            .map_or_else(Vec::new, |list| {
                list.iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect()
            })
    }

    /// The slots an obligation has cells for, in order.
    pub fn slots_of(&self, obligation: usize) -> impl Iterator<Item = usize> + '_ {
        let monthly = self.layout(obligation).is_some_and(|l| l.monthly);
        (0..self.slots_per_owner())
            .filter(move |slot| monthly || slot % SLOTS_PER_YEAR < SLOTS_WITHOUT_MONTHS)
    }

    /// Where `party` stands among the owners of `obligation`.
    #[inline]
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
