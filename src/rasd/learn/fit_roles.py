"""Training data and fitting for the role ranker (rasd.learn.roles): every candidate the
rules build on the labelled articles, matched to the labelled event it reports, gives one
group of (option, features, right?) rows per role.

An option is right when its actor's family is the labelled family (nobody is right when
the label names nobody).  A clash has no attacker: its label is turned to the rules'
order when the rules named its sides the other way round.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from rasd.learn.roles import CLEAR_AGENT, CLEAR_TARGET, NONE, ArticleActors, Option, RoleFeatures, family, options_of

if TYPE_CHECKING:
    from rasd.doc import Doc
    from rasd.extract.actors import ActorLexicon, ActorMention
    from rasd.extract.events import Candidate
    from rasd.learn.data import TrainingSet

# L2 strength of the role model (chosen by grouped CV, see the model card)
C_ROLES = 0.3
MIN_COUNT = 2
DECIMALS = 5


@dataclass
class RoleGroup:
    """One candidate's options for one role."""

    article_id: str
    role: str  # "1" or "2"
    actors: list[str]  # option actor ids (NONE for nobody)
    features: list[list[str]]
    right: list[bool]
    rule_right: bool  # the rules' own pick has the labelled family
    rule_pick: str
    label: str | None = None  # the labelled family
    sentence: str = ""  # (for error reports)
    sub_event_type: str = ""
    # actor2 only: its options, features and answers for each family actor1 may be given
    # (the fields above are those for the labelled actor1; CV scores the chosen one's)
    by_a1: dict[str | None, tuple[list[str], list[list[str]], list[bool]]] = field(default_factory=dict)
    families: list[str | None] = field(default_factory=list)  # each option's family
    rule_how: str | None = None  # how the rules read their pick (rasd.extract.actors.Roles)


class RoleRecorder:
    """Stands in for the ranker in an extractor: records every candidate's options (the
    extractor calls it on all candidates, before judging, when `records` is set)."""

    records = True

    def __init__(self) -> None:
        self.seen: list[tuple[Doc, Candidate, dict[str, Option], ArticleActors]] = []
        self._features: RoleFeatures | None = None

    def bind(self, lexicon: "ActorLexicon") -> "RoleRecorder":
        self._features = RoleFeatures(lexicon)
        return self

    def assign(self, doc: "Doc", cands: "list[Candidate]", mentions: "list[list[ActorMention]]",
               context: "list[Candidate] | None" = None) -> None:
        assert self._features is not None
        art = ArticleActors.of(mentions, self._features.actors, context if context is not None else cands)
        for c in cands:
            # (a copy: merging changes the candidate's roles after this)
            snap = copy.copy(c)
            snap.agents, snap.targets, snap.support = list(c.agents), list(c.targets), list(c.support)
            self.seen.append((doc, snap, options_of(c, art), art))


def role_groups(ts: "TrainingSet", docs: "list[Doc]") -> list[RoleGroup]:
    from rasd.extract.events import EventExtractor
    from rasd.learn.data import Recorder

    rec = RoleRecorder()
    # (with a judge the rules keep the candidates their cues would drop: the judge weighs those)
    extractor = EventExtractor(judge=Recorder(), keep_unplaced=True, roles=rec)
    for doc in docs:
        extractor(doc)
    actors = extractor.actors.actors
    feats_of = RoleFeatures(extractor.actors).of
    out: list[RoleGroup] = []
    for doc, c, opts, art in rec.seen:
        aid = doc.article.article_id
        m = _label_of(c, ts.mentions.get(aid, []))
        if m is None:
            continue
        want = {"1": m.actor1, "2": m.actor2}
        rules = {"1": c.agents[0] if c.agents else NONE, "2": c.targets[0] if c.targets else NONE}
        if c.sub_event_type == "Armed clash" and family(rules["1"], actors) == m.actor2 != m.actor1:
            want = {"1": m.actor2, "2": m.actor1}
        g1 = _group(aid, "1", opts, lambda o: feats_of(c, o, "1", art), want["1"], rules["1"], actors)
        fams = {family(a, actors) for a in opts} | {want["1"]}
        lead = family(c.agents[0], actors) if c.agents else None
        by_a1 = {f: _group(aid, "2", {a: o for a, o in opts.items() if a == NONE or (
                               family(a, actors) != f and not (f == lead and a in c.agents[1:]))},
                           lambda o, f=f: feats_of(c, o, "2", art, f), want["2"], rules["2"], actors)
                 for f in sorted(fams, key=str)}
        g2 = by_a1[want["1"]]
        g2.by_a1 = {f: (g.actors, g.features, g.right) for f, g in by_a1.items()}
        g1.rule_how, g2.rule_how = c.agent_how, c.target_how
        for g in (g1, g2):
            g.label, g.sentence, g.sub_event_type = want[g.role], c.sentence.text, c.sub_event_type
        out += [g1, g2]
    return out


def _group(aid: str, role: str, opts: dict[str, Option], feats: Any, want: str | None, rule: str,
           actors: Any) -> RoleGroup:
    names = sorted(opts)
    fams = [family(a, actors) for a in names]
    return RoleGroup(aid, role, names, [feats(opts[a]) for a in names], [f == want for f in fams],
                     family(rule, actors) == want, rule, families=fams)


def _label_of(c: "Candidate", labelled: list[Any]) -> Any:
    s = c.sentence
    found = [m for m in labelled if m.event_type == c.event_type and min(s.end, m.end) - max(s.start, m.start) > 0]
    if not found:
        return None
    return min(found, key=lambda m: (m.sub_event_type != c.sub_event_type, m.start))


def fit_roles(groups: Sequence[RoleGroup], C: float = C_ROLES) -> dict[str, float]:
    """Weights of the role model (a logistic model over option rows of reachable groups)."""
    from sklearn.linear_model import LogisticRegression

    from rasd.learn.fit import matrix

    rows: list[list[str]] = []
    y: list[int] = []
    for g in groups:
        if not any(g.right):
            continue  # no option is right: nothing to rank
        rows.extend(g.features)
        y.extend(int(r) for r in g.right)
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    X = matrix(rows, vocab)
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(X, np.array(y))
    # (fit.matrix scales a few judge feature groups; none of the role features carries those prefixes)
    weights = {f: round(float(model.coef_[0][i]), DECIMALS) for f, i in vocab.items()}
    weights = {f: w for f, w in weights.items() if w != 0.0}
    for role in ("1", "2"):
        weights[f"{role}bias"] = round(weights.get(f"{role}bias", 0.0) + float(model.intercept_[0]), DECIMALS)
    return weights


def pick(weights: dict[str, float], g: RoleGroup) -> int:
    scores = [sum(weights.get(f, 0.0) for f in feats) for feats in g.features]
    return max(range(len(scores)), key=lambda i: (scores[i], g.actors[i]))


def grouped_accuracy(groups: Sequence[RoleGroup], folds: dict[str, int], n_folds: int,
                     C: float = C_ROLES) -> dict[str, dict[str, float]]:
    """Article-grouped CV accuracy of the ranker beside the rules' own picks, per role."""
    right = {("model", r): 0 for r in "12"} | {("rules", r): 0 for r in "12"}
    total = {r: 0 for r in "12"}
    for k in range(n_folds):
        w = fit_roles([g for g in groups if folds[g.article_id] != k], C)
        chosen: str | None = None
        for g in groups:
            if folds[g.article_id] != k:
                continue
            total[g.role] += 1
            right[("rules", g.role)] += g.rule_right
            if g.role == "1":
                clear = g.rule_how in CLEAR_AGENT and g.rule_pick in g.actors
                i = g.actors.index(g.rule_pick) if clear else pick(w, g)
                right[("model", "1")] += g.right[i]
                chosen = g.families[i]
            else:
                names, feats, ok = g.by_a1[chosen] if chosen in g.by_a1 else (g.actors, g.features, g.right)
                if g.rule_how in CLEAR_TARGET and g.rule_pick in names:
                    j = names.index(g.rule_pick)
                else:
                    j = pick(w, RoleGroup(g.article_id, "2", names, feats, ok, False, ""))
                right[("model", "2")] += ok[j]
    return {who: {f"actor{r}": round(right[(who, r)] / max(1, total[r]), 3) for r in "12"} | {"n": total["1"]}
            for who in ("model", "rules")}

