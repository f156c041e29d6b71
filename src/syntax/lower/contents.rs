//! Lowering the statements of an agreement's required contents (`aims`,
//! `eligibility`, `staff`, `premises`, `assets`, `review`, `variation by`,
//! `minor variations by`, `termination on`, `exit`, `information sharing`,
//! `disputes`) and a pool's `reports`.

use super::*;

impl Lowerer<'_> {
    /// One statement of the contents; `None` for a rule that is not one.
    pub(super) fn content_item<'a>(&mut self, item: P<'a>) -> Option<Option<AgreementItem<'a>>> {
        let stmt = match item.as_rule() {
            Rule::aims_stmt => self.stmt(item, Self::aims),
            Rule::eligibility_stmt => self.stmt(item, Self::eligibility),
            Rule::premises_stmt => self.stmt(item, Self::premises),
            Rule::assets_stmt => self.stmt(item, Self::assets),
            Rule::information_stmt => self.stmt(item, Self::information_sharing),
            Rule::disputes_stmt => self.stmt(item, Self::disputes),
            Rule::staff_stmt => self.stmt(item, Self::staff),
            Rule::review_stmt => self.stmt(item, Self::review),
            Rule::variation_stmt => self.stmt(item, Self::variation),
            Rule::minor_variations_stmt => self.stmt(item, Self::minor_variations),
            Rule::termination_stmt => self.stmt(item, Self::termination),
            Rule::exit_stmt => self.stmt(item, Self::exit),
            _ => return None,
        };
        Some(stmt.map(AgreementItem::Content))
    }

    fn quoted<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Text<'a>> {
        let text = kids.next_if(|p| p.as_rule() == Rule::string)?;
        Some(self.text(text))
    }

    fn aims<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::Aims)
    }

    fn eligibility<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::Eligibility)
    }

    fn premises<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::Premises)
    }

    fn assets<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::Assets)
    }

    fn information_sharing<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::InformationSharing)
    }

    fn disputes<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.quoted(kids).map(Content::Disputes)
    }

    fn variation<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        self.one_ident(kids).map(Content::Variation)
    }

    fn staff<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        if kids.next_if(|p| p.as_rule() == Rule::staff_none).is_some() {
            return Some(Content::Staff(Staffing::None));
        }
        let how = kids.next_if(|p| p.as_rule() == Rule::staff_how)?;
        let text = self.quoted(kids)?;
        Some(Content::Staff(if how.as_str() == "seconded" {
            Staffing::Seconded(text)
        } else {
            Staffing::Transferred(text)
        }))
    }

    fn review<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        let when = kids.next()?;
        let review = match when.as_rule() {
            Rule::review_date => {
                let date = when.into_inner().next()?;
                Review::By(self.date(&date)?)
            }
            Rule::review_every => {
                let mut inner = when.into_inner();
                let cadence = self.cadence(inner.next()?)?;
                let by = inner.next().map(|p| self.ident(&p));
                Review::Every(cadence, by)
            }
            _ => return None,
        };
        Some(Content::Review(review))
    }

    fn minor_variations<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        let by = kids.next_if(|p| p.as_rule() == Rule::ident)?;
        let money = kids.next_if(|p| p.as_rule() == Rule::money)?;
        Some(Content::MinorVariations {
            by: self.ident(&by),
            up_to: self.money(&money)?,
        })
    }

    fn termination<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        let notice = kids.next_if(|p| p.as_rule() == Rule::notice)?;
        let notice = self.span_of_time(
            notice,
            "termination on",
            "notice",
            "a notice period is at most 10 years: 3,653 days, 521 weeks or 120 months",
        )?;
        Some(Content::Termination(notice))
    }

    fn exit<'a>(&mut self, kids: &mut Kids<'a>) -> Option<Content<'a>> {
        let what = kids.next_if(|p| p.as_rule() == Rule::exit_what)?;
        let covers = match what.as_str() {
            "costs" => ExitCovers::Costs,
            "assets" => ExitCovers::Assets,
            _ => ExitCovers::CostsAndAssets,
        };
        let what = Spanned {
            node: covers,
            span: self.span(&what),
        };
        let rule = self.share_rule(kids.next()?)?;
        Some(Content::Exit { what, rule })
    }

    /// `reports quarterly and annually to lcc, icb`
    pub(super) fn pool_reports<'a>(&mut self, kids: &mut Kids<'a>) -> Option<PoolReports<'a>> {
        let mut cadences = Vec::new();
        while let Some(cadence) = kids.next_if(|p| p.as_rule() == Rule::cadence) {
            cadences.push(self.cadence(cadence)?);
        }
        let to = self.ident_list_stmt(kids)?;
        Some(PoolReports { cadences, to })
    }
}
