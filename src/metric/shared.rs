//! Caches shared by the decks of a batch, and the peer groups and rosters
//! kept in them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A cache shared by threads: values by a key that names everything they
/// depend on.
pub struct Memo<T>(std::sync::Mutex<HashMap<String, T>>);

impl<T: Clone> Memo<T> {
    pub fn get(&self, key: &str) -> Option<T> {
        self.0.lock().ok().and_then(|m| m.get(key).cloned())
    }
    pub fn insert(&self, key: String, v: T) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, v);
        }
    }
    pub fn len(&self) -> usize {
        self.0.lock().map(|m| m.len()).unwrap_or(0)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::sync::Mutex::new(HashMap::new()))
    }
}

/// The group an agent is compared with (see `peers`).
#[derive(Debug, Clone)]
pub struct PeerGroup {
    /// What the members are (`售前客服`), or empty for the whole team.
    pub role: String,
    /// Members with figures in every month of the period.
    pub members: Arc<BTreeSet<String>>,
    /// The months of the period that have figures.
    pub months: usize,
    /// Each value of the column and the number of months it has figures in.
    pub worked: Arc<BTreeMap<String, usize>>,
}

impl PeerGroup {
    /// `售前客服平均` or `团队平均`.
    pub fn average_word(&self) -> String {
        if self.role.is_empty() { "团队平均".into() } else { format!("{}平均", self.role) }
    }

    /// `27名售前客服` or `52人`.
    pub fn count_words(&self, n: usize) -> String {
        if self.role.is_empty() { format!("{n}人") } else { format!("{n}名{}", self.role) }
    }
}

/// When one joined and left (either unknown).
pub type Tenure = (Option<crate::data::date::Date>, Option<crate::data::date::Date>);

/// Joining and leaving dates by the value of the column that names an agent.
#[derive(Debug, Clone, Default)]
pub struct Tenures {
    /// The column (`客服姓名`).
    pub by: String,
    pub dates: Arc<BTreeMap<String, Tenure>>,
}

impl Tenures {
    /// The days of `part` (inside one calendar month) that `who` worked and
    /// the data covers (to `covered_to`), as a share of that calendar month:
    /// 27/31 for a May joined on the 5th, 17/31 for an August the data
    /// holds to the 17th. None when none of those days is left (figures
    /// outside the roster's dates: the caller counts them as they are).
    pub fn month_share(
        &self,
        part: &crate::data::period::Period,
        who: Option<&str>,
        covered_to: Option<crate::data::date::Date>,
    ) -> Option<f64> {
        use crate::data::date::Date;
        let m = crate::data::period::Period::month(part.start.y, part.start.m);
        let (join, leave) = who.and_then(|w| self.dates.get(w)).copied().unwrap_or((None, None));
        let start = join.map_or(part.start, |j| part.start.max(j));
        let end = [leave, covered_to].into_iter().flatten().fold(part.end, Date::min);
        (start <= end).then(|| (end.days() - start.days() + 1) as f64 / m.days() as f64)
    }
}

/// Who worked when, and in which role: what every peer group of a period is
/// made from (see `peers`).
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The months of the period with figures.
    pub months: usize,
    /// Each value of the column and the number of months it has figures in.
    pub worked: Arc<BTreeMap<String, usize>>,
    /// Each value's role by the spec's `peers:` rule (absent without one).
    pub role: Arc<BTreeMap<String, String>>,
    /// Each value's first and last month with figures (`y * 12 + m`).
    pub spans: Arc<BTreeMap<String, (i32, i32)>>,
    /// Each value's joining and leaving dates, from the roster sheet the
    /// `peers:` rule looks roles up in (its 入职日期 and 离职日期 columns).
    pub dates: Arc<BTreeMap<String, Tenure>>,
}

/// Figures shared by the decks of a batch (every value of a column, peer
/// groups and their figures), computed once by whichever deck needs them
/// first. Owned by the build, not by the data: keys name the period, scope
/// and variables.
#[derive(Default)]
pub struct Shared {
    pub groups: Memo<crate::data::Groups>,
    pub rosters: Memo<Roster>,
    pub peer_groups: Memo<PeerGroup>,
    pub team: Memo<Option<f64>>,
    /// When each agent joined and left (set once by the deck that knows the
    /// roster: the spec's `peers:` sheet), so that a month counts by the days
    /// worked in it.
    pub tenures: std::sync::OnceLock<Tenures>,
}

impl Shared {
    /// Sizes of the caches (for `DECKGEN_TIMING`).
    pub fn sizes(&self) -> String {
        format!(
            "shared caches: {} groups, {} rosters, {} peer groups, {} team figures",
            self.groups.len(),
            self.rosters.len(),
            self.peer_groups.len(),
            self.team.len()
        )
    }
}
