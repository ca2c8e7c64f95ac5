"""What managers answer ("you said, we did"), why they sometimes do not act, and the
threats to leave that customers add. Sections are `[key]`, `[key category]` or
`[key lang]`; one template a line. A situation's own `r`/`x` lines come first."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from random import Random

from frontline.core.demo.situations import Situation
from frontline.core.demo.templates import Template, compile_template, render

TEXT = """
[ack]
Thanks – read this today. I'll talk to {dept} and let you know.
Noted, thanks for the detail. On my list for this week.
Thank you. I've seen a few of these; I'm raising it with {dept}.
Cheers for this – I'll look into it on {day}.
Thanks for flagging this – I've passed it to {dept}.
Seen, thanks. I'll raise it at {day}'s huddle.
Thanks, noted. Looking into it this week.
Good catch, thank you. Passed on to {dept}.
Thanks for writing this up. I've asked {dept} to have a look.
Got it – I'll come back to you once I've spoken to {dept}.
Thanks. This is the {|second|third} one like this {|this month|this week}, so it's on my list.

[progress]
Working on this with {dept}; they've asked for a couple of weeks.
We've got a fix planned with {dept}. I'll confirm the date.
Being looked at now – {dept} are testing a change.
{dept} are on it; I'll update you when I hear back.
Raised with {dept}. They're checking how often this happens across stores.
We're looking at this with {dept} – more soon.
In hand: {dept} have a ticket open and are working through it.
Discussed at the area meeting; {dept} are working on a fix.
I've escalated this to {dept} as it keeps coming up.
Thanks – we're reviewing this with {dept} and will update by {date}.

[did]
Sorted now – thanks for taking the time to write it up.
{dept} picked this up and it's fixed. Thanks for flagging it.
This one's done. Your note made the difference – thank you.
Changed from {date} after your note. Tell me if it happens again.
Dealt with this week; I've let the team know at the huddle.
Fixed and checked on {day}. Thank you for spotting it.
We've put this right with {dept}. Keep telling us what customers say.
Done – and we've added a check so it doesn't come back.
Sorted with {dept}. Thanks for raising it – keep them coming.
{dept} have fixed this. Thank you for flagging it.
Done: {dept} have changed the process from {date}. Thanks for speaking up.
Fixed. This was raised by several of you, so thank you.
We've acted on this with {dept} – let me know if you still see it.

[duplicate]
Merged with a report from earlier this week. Thanks – it all adds up.
Linked to the same issue reported before; it's being handled there.
Merged with an earlier report of the same thing – thanks, it helps to know it keeps happening.
Same as one already raised; linked them so {dept} see how often it comes up.
Already logged this week – added yours to it.

[refuse]
Not something we can change at store level; passed to head office for the yearly review.
Looked at it with {dept}: the cost is too high for what it would fix right now.
This is set group-wide and won't change this year.
It's outside our control, but thanks for raising it.

[wont_act_note]
Thanks for raising it – I've explained why in the reason.
Sorry this isn't the answer you wanted; the reason is below.
Appreciate you flagging it. We can't act on this one for now.

[did praise]
Made my day reading this – thank you for passing it on.
Passed to {colleague} with a coffee on me.
Shared in the regional newsletter. Well done everyone.
Thank you for sharing – read out at the team meeting.
Love this. Passed on with a big thank-you.
Shared with {colleague} and the team. Great work all round.
Thanks! We've put this on the staff noticeboard.
Lovely – passed on to {colleague}. Thank you!
Brilliant. Shared this in the team huddle on {day}.
Thanks for writing this down, it made my day. Shared with the whole team.
Great to hear. Passed on to {dept} too.
Shared with the regional team as an example of how it should be done.
Thanks! This went into the weekly newsletter.
Passed on to the team – they were chuffed.

[did idea]
Love it – it's live from {date}. Thanks for thinking of it.
We tried it on {day} and customers noticed straight away. It's staying.
Great shout. {dept} have agreed and it starts on {date}.
Your idea is now part of how we work. Thank you!
Trialled it here first; head office want it in every store now.
Brilliant suggestion – up and running. Tell me how it goes on your shifts.
Done from {date}. Ideas like this are exactly why we ask.
Small change, done this week. Keep them coming.
We took your idea to the regional meeting; it's being rolled out from {date}.
Good idea – we're trialling this from {date}. Thanks!
We've put this in place from {date}. Thank you for the suggestion.
Tried it for {weeks} weeks and it worked, so it's staying. Thanks for the idea.
Passed to {dept}; they've taken it up for all stores in the region.
Done. Small change, big difference – thank you.

[progress idea]
Good thinking. {dept} are pricing it up now.
We're testing this on {day}s for a month – I'll share how it goes.
On the list for the next refit; I'll keep you posted.
Like it. Discussing with {dept} to see if we can try it here first.
Good one – on the agenda for the next regional meeting.
Checking costs with {dept}; I'll come back to you.
Interesting – we're looking at a trial in a couple of stores.

[refuse idea]
Thanks for this. We can't do it right now, but it's logged for next year's plans.
Great idea, but the space is needed for something else at the moment.
We looked at it closely – the numbers don't work yet. Please keep the ideas coming.
Nice idea, but it would need changes to the till system that aren't planned this year.
Considered it with {dept}: the cost is too high for the benefit right now.
We tried something similar a few years ago and it didn't work out, but thanks.
Head office looked at it and it clashes with group policy.

[did queue_wait]
We've added a second till on Saturday mornings from {date}. Thanks for flagging it.
From {date} a colleague is rostered as floater to open a till whenever the queue passes five.
The queue-buster handset is back in use from {date}; everyone on the floor has been shown how.
Lunchtime breaks are now staggered so the tills aren't short from 12 to 2. Thanks for raising it.
We've moved {colleague} onto tills on {day}s. Let me know if it's still bad.

[refuse queue_wait]
Weekend hours are already at the limit of our staffing budget; we'll look again at the next rota review.
We can't add another till point without rebuilding the front end; it's on the refit list.

[did staff_availability]
We've recruited two part-timers for evenings and weekends, starting {date}.
The rota now has someone on the floor at all times between 11 and 3. Thanks for pushing on this.
Breaks are now covered by a floater from {date}.
Rota changed: {area} is covered on late shifts from {date}.

[refuse staff_availability]
The staffing budget for this quarter is fixed; we've flagged it for the next one.
Hiring is frozen until the new year, so we can't add hours right now.

[did staff_knowledge]
Added to the training for new starters, and refresher sessions run on {day}s from {date}.
{dept} have put a one-page guide at the tech desk and on the staff app.
We've run a product session with the supplier for the whole team. Thanks for the nudge.
The FAQ on the staff app now covers this, updated {date}.

[refuse staff_knowledge]
Training hours are booked up to the end of the quarter; this goes into the next round.

[did out_of_stock]
The replenishment order for {item} has been raised and the minimum stock increased.
{dept} have fixed the supplier issue; {item} should be back on the shelf by {date}.
We've increased the shelf allocation for {item} from {date}. Thanks.
Auto-ordering was switched off for {item} by mistake – fixed now.
Stock has landed; we've also added it to the weekly top-up list.

[refuse out_of_stock]
The supplier has discontinued this line; {dept} are looking for a replacement.
It's a national shortage – nothing we can do locally until the supplier catches up.

[did product_quality]
We've raised a quality complaint with the supplier and pulled the batch.
{dept} have changed supplier for this line from {date}.
Quality checks on delivery have been tightened; damaged stock is now refused at the door.
Reported to {dept}; the batch was withdrawn across all stores.

[refuse product_quality]
The supplier checked the batch and found no fault; we'll keep monitoring.

[did range_gap]
{dept} have agreed to add it to our range as a trial from {date}.
It's now available to order in store for next-day collection. Thanks!
We're adding a small range of these to {area} from {date}.

[refuse range_gap]
The range is decided centrally and there isn't space for this line in our format.
{dept} looked at it, but sales elsewhere were too low to justify the space.

[did price_label]
Labels in {area} were re-checked and the till price corrected on {day}.
We've added a daily label check at opening to the checklist. Thanks for catching it.
The price file was wrong at head office – fixed for all stores from {date}.
Shelf edge labels are now printed straight after the price update. Thank you!

[refuse price_label]
The price difference is down to a regional price zone, which we can't change locally.

[did promotion]
The voucher terms are now printed in bigger type, and the till has been fixed to apply it automatically.
{dept} corrected the promotion set-up; affected customers can claim the difference at the desk.
Promotions are now briefed to the team the day before they start, from {date}.
Fixed in the till system from {date}.

[refuse promotion]
The promotion rules are set nationally and can't be changed for one store.

[did loyalty]
{dept} fixed the points issue; missing points were added back to affected accounts.
The loyalty sign-up is now possible at the till in under a minute from {date}.
We've put a guide to the loyalty app by the tills. Thanks for the idea.

[refuse loyalty]
The loyalty programme rules are set by the group; we've passed the feedback on to {dept}.

[did advertising]
{dept} have corrected the leaflet and put a notice in store.
We've asked {dept} to check stock before promoting items online. They've added a step to their checklist.
The website banner was taken down the same day. Thanks for spotting it.

[refuse advertising]
The campaign is national and has already run its course; feedback passed to {dept} for next time.

[did invoice_error]
{dept} found a bug in the invoice template; corrected invoices went out on {date}.
Fixed: VAT details now print on every receipt for trade customers.
Invoicing now shows the order reference on every invoice from {date}.
{dept} have re-issued the invoice and changed the process so it doesn't happen again.

[refuse invoice_error]
The invoice layout is fixed by the accounting system; changes are planned for next year.

[did payment]
The faulty card terminal was replaced on {date}.
{dept} have fixed the payment provider setting; the issue should not come back.
We've added a spare card reader at the customer service desk.
Pay-later is now available at every till from {date}.

[refuse payment]
We can't accept that payment method for security reasons – group policy.

[did refund]
{dept} processed the refund and changed the process: refunds now go out within 3 working days.
Refund rules are now explained on the receipt and at the desk from {date}.
Managers can now approve refunds up to a higher limit without calling head office.
Fixed – the refund was stuck in the system; {dept} have cleared the backlog.

[refuse refund]
The returns policy is group-wide; we can't make exceptions at store level.

[did delivery_late]
{dept} raised it with the courier and changed the evening route from {date}.
We've added text updates when a delivery is running late, from {date}.
Delivery promises on the website now match what the courier can really do.
{dept} switched courier for this area from {date}. Thanks for keeping at it.

[refuse delivery_late]
The courier contract runs until next year; we've logged it for the contract review.

[did delivery_damage]
{dept} have changed the packaging for fragile items from {date}.
The courier has retrained the drivers on this route. Thanks for flagging it.
Damaged items are now replaced without the customer needing to send photos first.

[refuse delivery_damage]
The courier has disputed the claim; we're handling it directly with the customer.

[did click_collect]
The collection point now has its own bell and someone assigned every hour.
{dept} fixed the "ready to collect" text – it now only goes out once the order is actually on the shelf.
Click and collect orders are now kept for {days} days instead of three.
We've moved the collection point next to the entrance from {date}.

[refuse click_collect]
There's no room to move the collection point until the refit next year.

[did website_app]
{dept} have released an app update that fixes this.
Fixed on the website from {date}. Thanks for the detailed note – it helped {dept} find it.
{dept} found the bug from your description; it's fixed in the latest release.
The stock checker now refreshes every 15 minutes instead of overnight.

[refuse website_app]
{dept} can't reproduce it and it affects very few people; they'll keep watching the error logs.
The old app version is no longer supported; customers need to update.

[did self_checkout]
The scanner at self-checkout was replaced and recalibrated on {date}.
{dept} reduced the weight sensitivity; far fewer "unexpected item" alerts now.
There's now always one colleague assigned to self-checkouts at busy times.

[refuse self_checkout]
The self-checkout software is rolled out group-wide; we've passed this on for the next version.

[did store_environment]
Cleaning rota updated: toilets checked every hour from {date}.
{dept} have fixed it. Thanks for reporting.
Aisles are now cleared of cages by 10 every morning.
Heating repaired on {date}.

[refuse store_environment]
The landlord is responsible for this part of the building; we've chased them in writing.

[did accessibility]
We've put a seat by the tills and at the fitting rooms.
{dept} fitted a hearing loop at the customer service desk on {date}.
Quiet hour now runs every {day} morning from {date}.
The ramp at the entrance has been repaired and the door now opens automatically.

[refuse accessibility]
The lift belongs to the shopping centre; we've asked their management to fix it and will keep chasing.

[did parking]
The car park barrier has been fixed and the first hour is free from {date}.
More parent-and-child bays marked from {date}.
{dept} got the shopping centre to fix the lighting in the car park.

[refuse parking]
The car park is run by the shopping centre; we've passed it on to their management.
Parking charges are set by the council and are out of our hands.

[did contact_centre]
We've added evening cover on the phone lines from {date}.
A call-back option is now offered when the wait is over 10 minutes.
Chat hours now match the phone hours, from {date}.
The phone menu was shortened from six options to three.

[refuse contact_centre]
Opening hours are set by the contract with our contact centre partner until next year.

[did complaint_handling]
We've contacted the customer, apologised and put things right.
{dept} now give every complaint a case number and a named person.
The complaints process now has a 48-hour first-reply promise.
Team leaders can now offer a goodwill gesture without approval from head office.

[refuse complaint_handling]
We reviewed the case: the customer was given the right answer under our policy.

[did other]
Thanks – sorted.
Dealt with. Thanks for letting me know.
Taken care of with {dept}.

[refuse other]
Not something we can act on right now, but thanks for telling us.

[threat]
Honestly, I'll just go to {competitor} next time.
I'm going to shop elsewhere.
Next time I'm going to {competitor}.
That's the last time I order from you.
I'm cancelling my loyalty card.
I've had enough, I'll take my business somewhere else.
{competitor} would never do this. I'm switching.
I'll think twice before coming back.

[threat fr]
La prochaine fois, je vais ailleurs.
Franchement, je vais commander chez la concurrence.
C'est la dernière fois que j'achète chez vous.
[threat de]
Dann kaufe ich eben woanders.
Das war das letzte Mal, dass ich hier bestellt habe.
Ich gehe nächstes Mal zur Konkurrenz.
[threat es]
La próxima vez me voy a otra tienda.
Es la última vez que compro aquí.
Me voy a la competencia.
[threat nl]
Dan ga ik voortaan wel ergens anders heen.
Dit was de laatste keer dat ik hier bestel.
Volgende keer ga ik naar de concurrent.
[threat pl]
Następnym razem kupię gdzie indziej.
To ostatni raz, kiedy u was zamawiam.
Przechodzę do konkurencji.

[ack fr]
Merci pour le signalement, je transmets.
Bien noté, merci. J'en parle à la réunion de {day}.
[progress fr]
C'est en cours avec le service concerné, je reviens vers toi.
Remonté au siège, on attend leur retour.
[did fr]
C'est réglé, merci de l'avoir signalé !
Corrigé depuis le {date}. Merci pour la remontée.
Traité le {date}. Merci !
[refuse fr]
Ça ne dépend pas du magasin ; remonté au siège pour la prochaine revue.
Trop coûteux pour l'instant, mais on garde l'idée.
[wont_act_note fr]
Merci quand même, la raison est indiquée ci-dessous.
[duplicate fr]
Déjà signalé cette semaine, je regroupe les deux.
[did praise fr]
Super, je transmets à l'équipe. Merci !
Partagé au brief du matin, bravo à {colleague} !

[ack de]
Danke für den Hinweis, ich kümmere mich darum.
Gesehen, danke. Ich spreche das am {day} in der Teamrunde an.
[progress de]
Ist in Bearbeitung, ich melde mich, sobald ich mehr weiß.
An die Zentrale weitergegeben, wir warten auf Rückmeldung.
[did de]
Erledigt – danke fürs Melden!
Am {date} erledigt. Danke für den Hinweis.
Behoben. Sag Bescheid, falls es wieder vorkommt.
[refuse de]
Das können wir im Markt nicht ändern; an die Zentrale weitergegeben.
Im Moment zu teuer, aber die Idee ist notiert.
[wont_act_note de]
Danke trotzdem – die Begründung steht unten.
[duplicate de]
Wurde diese Woche schon gemeldet, ich habe beide zusammengeführt.
[did praise de]
Super, habe ich ans Team weitergegeben. Danke!
In der Frühbesprechung geteilt – großes Lob an {colleague}!

[ack es]
Gracias por avisar, lo paso al departamento.
Visto, gracias. Lo comento en la reunión del {day}.
[progress es]
Lo estamos revisando con el departamento, te cuento en cuanto sepa algo.
Lo he escalado a la central.
[did es]
Solucionado, ¡gracias por avisar!
Resuelto el {date}. Gracias por comentarlo.
Corregido. Avísame si vuelve a pasar.
[refuse es]
No depende de la tienda; lo he pasado a la central para la próxima revisión.
Ahora mismo es demasiado caro, pero nos guardamos la idea.
[wont_act_note es]
Gracias igualmente, el motivo está abajo.
[duplicate es]
Ya estaba reportado esta semana, los he unido.
[did praise es]
¡Genial! Se lo he pasado al equipo. ¡Gracias!
Compartido en la reunión de la mañana, ¡bien hecho {colleague}!

[ack nl]
Bedankt voor de melding, ik geef het door.
Gezien, dank je. Ik breng het {day} in het teamoverleg in.
[progress nl]
We zijn ermee bezig, ik laat het je weten zodra ik meer weet.
Doorgezet naar het hoofdkantoor, we wachten op antwoord.
[did nl]
Opgelost – bedankt voor het melden!
Op {date} opgelost. Dank voor de tip.
Geregeld. Laat het weten als het weer gebeurt.
[refuse nl]
Dit kunnen we als winkel niet veranderen; doorgegeven aan het hoofdkantoor.
Voor nu te duur, maar we houden het idee vast.
[wont_act_note nl]
Toch bedankt – de reden staat hieronder.
[duplicate nl]
Deze week al gemeld, ik heb ze samengevoegd.
[did praise nl]
Top, doorgegeven aan het team. Bedankt!
Gedeeld in de ochtendbriefing – goed gedaan {colleague}!

[ack pl]
Dzięki za zgłoszenie, przekazuję dalej.
Widzę, dzięki. Poruszę to na najbliższej odprawie.
[progress pl]
Sprawdzamy to z działem, dam znać, jak będę coś wiedzieć.
Przekazane do centrali, czekamy na odpowiedź.
[did pl]
Załatwione – dzięki za zgłoszenie!
Załatwione {date}. Dzięki za sygnał.
Naprawione. Daj znać, jeśli się powtórzy.
[refuse pl]
Nie zależy to od nas; przekazane do centrali.
Na razie za drogie, ale zapisujemy pomysł.
[wont_act_note pl]
I tak dzięki – powód jest poniżej.
[duplicate pl]
Już zgłoszone w tym tygodniu, oba zgłoszenia połączone.
[did praise pl]
Super, przekazane zespołowi. Dzięki!
Udostępnione na porannej odprawie – brawo {colleague}!
"""


@cache
def _sections() -> dict[str, tuple[Template, ...]]:
    sections: dict[str, list[Template]] = {}
    key = ""
    for line in TEXT.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1]
            sections[key] = []
        else:
            sections[key].append(compile_template(line))
    return {k: tuple(v) for k, v in sections.items()}


def section_names() -> frozenset[str]:
    return frozenset(_sections())


def templates(key: str) -> tuple[Template, ...]:
    return _sections().get(key, ())


def threats(lang: str) -> tuple[Template, ...]:
    """What customers say when they are about to leave, in `lang` (English by default)."""
    return templates("threat" if lang == "en" else f"threat {lang}") or templates("threat")


# chance that a manager writes an answer, by status
_ANSWER_RATE = {"acknowledged": 0.45, "in_progress": 0.65, "action_taken": 0.9, "closed": 0.75,
                "wont_act": 1.0, "wont_act_note": 0.5, "duplicate": 0.7}


def answers(status: str, rng: Random) -> bool:
    """Whether a manager writes an answer for an observation at `status` (drawn at random:
    not every acknowledgement gets a note)."""
    return rng.random() < _ANSWER_RATE.get(status, 0.0)


def answer(sit: Situation, status: str, lang: str, rng: Random,  # noqa: C901 — demo content, a branch per case
           lookup: Callable[[str], str]) -> str:
    """A manager's answer for an observation of `sit` that reached `status`."""
    kind = sit.kind
    suffix = "" if lang == "en" else f" {lang}"
    pool: tuple[Template, ...] = ()
    if kind == "praise" and status != "duplicate":
        pool = templates(f"did praise{suffix}") or templates("did praise")
    elif status in ("action_taken", "closed"):
        if sit.responses and rng.random() < 0.75:
            pool = sit.responses
        elif lang != "en":
            pool = templates(f"did{suffix}")
        elif kind == "idea":
            pool = templates("did idea")
        else:
            # the category's usual answers fit most situations, the generic ones all
            pool = templates(f"did {sit.category}")
            if not pool or rng.random() < (0.5 if sit.responses else 0.6):
                pool = templates("did")
    elif status == "wont_act":
        if sit.refusals and rng.random() < 0.75:
            pool = sit.refusals
        elif lang != "en":
            pool = templates(f"refuse{suffix}")
        else:
            pool = templates(f"refuse {'idea' if kind == 'idea' else sit.category}")
            if not pool or rng.random() < 0.4:
                pool = templates("refuse")
    elif status == "in_progress" and kind == "idea" and lang == "en":
        pool = templates("progress idea")
    elif status in ("acknowledged", "in_progress", "duplicate", "wont_act_note"):
        key = {"acknowledged": "ack", "in_progress": "progress"}.get(status, status)
        pool = templates(f"{key}{suffix}") or templates(key)
    if not pool:
        return ""
    return render(pool[int(rng.random() * len(pool))], rng, lookup)
