"""Orders and services handled by phone, chat and email, and everyday store moments."""

TEXT = """
# ---- orders by phone, chat and email ------------------------------------------------------

@ pain website_app/customer_service at=c ch=phone,chat,email ct=e8u2 sev=2-3 sw=.1 w=2
s Customer can't change the delivery address after ordering
s Order can't be cancelled {once dispatched|within an hour of ordering}
d Customer spotted a mistake {minutes|an hour} after ordering. {The system locks the order straight away.|Warehouse had already picked it.} Now they have to wait for it and return it.
q I noticed the mistake two minutes later!
a Asked the warehouse to hold it; they couldn't, so I booked a free return.
g A short window to change or cancel an order before it goes to the warehouse.
r Orders can now be changed for 30 minutes after they're placed, from {date}.

@ pain price_label/pricing at=c ch=phone,chat ct=e6u2p2 sev=2-3 sw=.12
s Customer asked us to price match {competitor} on {item}
s Price match refused – {marketplace seller|not identical model|out of stock there}
d {competitor} has {item} at {amount}, we're at {higher}. {Our policy excludes marketplace sellers.|It's a slightly different model number.} Customer thinks the rules are made to say no.
q Your website says you match prices.
q! Then I'll just buy it from them.
a Explained the rules and offered free delivery instead.
x The price match rules are set by the pricing team; we've passed on that customers find them confusing.

@ pain product_quality/customer_service at=c ch=phone,email ct=e8u2 sev=2-4 sw=.15 w=2
s Warranty claim {rejected|stuck} for {item}
s Customer chasing a warranty claim raised {weeks} weeks ago
d {The manufacturer says it's accidental damage; the customer disagrees.|The claim was sent to the wrong service partner.} {Customer has sent photos twice.|No one has called back.}
q I bought the warranty exactly for this.
q! That's the last warranty I ever buy from you.
a Escalated to the warranty team with all the photos attached.
r The warranty team reviewed it and approved the repair. Thanks for pushing it.

@ pain out_of_stock/stock at=cef ch=phone,email,chat ct=e7u3 sev=2-3 sw=.12 w=2
s Pre-order for {item} delayed {again|with no new date}
d Customer pre-ordered {weeks} weeks ago. {Date moved twice by email without apology.|They saw it in stock in a shop while their pre-order is still waiting.}
q It's in your shop window and my pre-order still isn't here.
q! Cancel it. I'll buy it off the shelf somewhere else.
a Checked store stock and reserved one for collection today.

@ pain payment/accounting at=c ch=phone,email ct=e6u4 sev=2-3 sw=.08
s Subscription {renewed without warning|hard to cancel} – customer wants a refund
d {Annual plan renewed automatically; no reminder email.|Cancelling needs a phone call during office hours.} Customer only noticed on their bank statement.
q You could have sent a reminder.
q! Cancel everything and refund me.
a Cancelled and refunded as a goodwill gesture.
g A reminder email 14 days before renewal.
r Renewal reminders now go out 14 days before, and plans can be cancelled online.

@ pain delivery_late/shipping at=c ch=phone,chat,email ct=e8u2 sev=2-3 sw=.1
s Customer got {half|part} of the order, no message about the rest
d {Order came in two parcels; the second has no tracking.|Invoice shows items that didn't arrive.} Customer doesn't know if more is coming.
q Is the rest coming or not?
a Found the second parcel's tracking and emailed it to them.
g Say clearly in the dispatch email when an order comes in several parcels.

@ pain complaint_handling/customer_service at=c ch=phone,chat ct=e6u4 sev=2-3 sw=.05
s Customer asked for a {manager|supervisor|team leader}, none available{| on the {late|weekend} shift}
d {Team leader was in a meeting all afternoon.|No supervisor on the late shift.} Customer wanted someone senior and we had to promise a callback.
q Put me through to someone who can actually decide something.
a Booked a callback with {manager} for the next morning.
g A duty manager on every shift for escalations.

@ praise delivery_late/shipping at=c ch=phone,chat ct=e8u2
s Customer thanked us for rescuing a {birthday|wedding|Christmas} order
d {colleague} found the parcel stuck at the depot and got it out on the same day. Arrived in time.
q You saved the party. Thank you so much.

@ praise contact_centre at=c ch=email,chat ct=e8u2 w=2
s Customer loved the quick {email|chat} reply – {sorted in minutes|same day}
d They wrote in expecting a week's wait and got an answer {within the hour|in ten minutes}. {colleague} also added a small goodwill voucher.
q Fastest reply I've ever had from a shop.

@ idea delivery_late/shipping at=c ch=phone,email ct=e6u4 sev=-
s Idea: {let agents see the courier's live tracking|courier tracking in our own customer screen}
d Half our delivery calls are "where is my parcel". We look at one system and the courier at another.
g Courier tracking inside our customer screen.

@ idea refund/accounting at=c ch=phone,chat ct=e5u5 sev=-
s Idea: {agents can approve small refunds without a supervisor|let agents refund small amounts on the spot}
d Refunds under a small amount need a supervisor, so the customer waits or we call back. {Most are obvious.|It doubles the handling time.}
g Agents approve refunds up to a set amount; supervisors check a sample weekly.

# ---- everyday moments in store -----------------------------------------------------------

@ pain other/store_ops at=r ch=in_store ct=e5u5 sev=1-3 sw=.05 w=2
s Store {closed early|opened late} {on {day}|without notice}
d {We opened {mins} minutes late because the keyholder was stuck in traffic.|Closed early for a stock count; not announced.} Customers were waiting at the door.
q The sign says open at 8.
a Apologised at the door and let them in first.
g Two keyholders on the opening shift.

@ pain store_environment/store_ops at=r ch=in_store ct=e5u5 sev=1-2 w=2
s Customers can't tell who works here – {no name badges|uniform looks like normal clothes}
d {The new uniform is plain black like half the customers.|Half the team have lost their badges.} Customers ask other shoppers for help.
q I asked three people before I found someone who works here.
g Bright lanyards or badges that stand out.
r New high-visibility lanyards for all staff arrived on {date}.

@ pain complaint_handling/store_ops at=r ch=in_store ct=e5u5 sev=2-4 sw=.15
s Customer unhappy with how {the security guard|a colleague} {checked their bag|questioned them}
d Customer was stopped at the door after the alarm went off; {it was a tag from another shop|nothing was found}. {Others were watching.|They felt humiliated.}
q! I've never been so embarrassed. I won't shop here again.
a {sorry} and offered to take their details for a call from the manager.
r The manager called the customer to apologise; the security company is retraining the guard.
x The checks are required by our insurer; we've asked the security company to do them more discreetly.

@ pain other/store_ops at=r ch=in_store,phone ct=e6u4 sev=1-2
s Lost property {not logged|lost again} – customer's {umbrella|bag|phone} handed in but can't be found
d Customer called back and we couldn't find it. {No lost property book at the desk.|It was put in the office and nobody knew.}
q Someone handed it in, where did it go?
g A lost property book at the service desk.

@ pain store_environment/facilities at=r ch=in_store ct=e6u4 sev=2-3
s {No baby change|Baby change broken|Baby change in the disabled toilet only}
d Parent had to change a baby on the floor of the toilet. {Baby change table broken since {day}.|There's only one, and it was occupied.}
q I had to change her on the floor.
a Let them use the staff room.
r A new baby change was fitted on {date}.

@ pain other/store_ops at=r ch=in_store ct=e6u4 sev=1-2
s Bag charge at the till {annoys customers|not explained}
d Customers don't notice the bag charge until the receipt. {Some feel tricked.|Long discussions at the till.}
q You could have asked before charging me.
g Ask "do you need a bag?" every time.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=1-3 sw=.05
s Refit {noise|dust|closed aisles} upsetting customers
d {Drilling during opening hours.|Half of {area} taped off.} Customers can't find things and it's noisy.
q When will this be finished?
g A map of where things have moved during the refit.

@ pain promotion/marketing at=r ch=in_store,social ct=e5u5 sev=1-2
s Customers confused by {Christmas|Easter|bank holiday} opening hours
d {Different hours on the door and online.|Not posted until the day before.} Customers came in at 8 and we opened at 10.
q Your website says 8!
r Holiday hours are now published three weeks ahead and checked across every listing.

@ praise queue_wait/store_ops at=r ch=in_store ct=e6u4
s Customer said the {Christmas|Saturday} rush was handled {brilliantly|really well}
d Despite the queues, everyone stayed friendly and the extra tills opened quickly. A regular said it was the best-run Christmas week they'd seen.
q You were all so calm, how do you do it?

@ praise staff_availability/hr at=r ch=in_store ct=e6u4
s Customer praised {colleague} for {staying late|coming in on their day off} to help
d {colleague} stayed after closing so a customer could collect {item} for a family emergency.
q I won't forget that.

@ praise other at=r ch=in_store,other ct=e5u5 w=2
v deed: finding their lost child | looking after their dad when he felt faint | calling an ambulance for their mum
s Customer thanked {colleague} for {deed}
d A family thanked {colleague} for {deed}. They came back with a card for the team.
q I don't know what we'd have done without her.

@ idea other/store_ops at=r ch=in_store,other ct=u8e2 sev=- w=2
v idea: a five-minute huddle at shift change | a board of what customers asked for today | a shared notebook for customer requests
s Idea: {idea}
d Things customers ask for get lost between shifts; the late shift never hears what happened in the morning.
g {idea}, starting next week.

@ idea promotion/pricing at=r ch=in_store ct=e5u5 sev=-
s Idea: {a "price promise" sign so customers know we match|tell customers we price match, at the entrance and the tills}
d Many customers don't know we price match. They buy elsewhere without asking.
g A clear sign at the entrance and the tills.

@ idea store_environment/facilities at=r ch=in_store ct=e5u5 sev=-
s Idea: {a dog bowl and hook at the entrance|a water bowl and a hook for dogs}
d Customers with dogs ask every day if they can bring them in. Small cost, lots of goodwill.
g Start with the dog hook and water bowl – almost free.

@ idea store_environment/facilities at=r ch=in_store ct=e5u5 sev=-
s Idea: a {kids' corner|small play corner} {near the tills|by the café}
d Parents with small children rush their shopping or leave. {Families would stay longer.|A customer asked for it.}
g A small corner with a few books and a mat, in sight of the tills.

@ idea staff_knowledge/hr at=r ch=other,in_store ct=u9e1 sev=-
s Idea: {let staff shadow the contact centre for a day|swap days between stores and the contact centre}
d We send customers to the phone line without knowing what happens there. {A day there would help us explain better.|And they could spend a day in store.}
g A swap day once a quarter between stores and the contact centre.

@ pain staff_knowledge/hr at=r ch=in_store ct=e5u5 sev=1-3
s New starter on tills alone on {day}, couldn't do {a refund|a price override|a gift card}
d {They'd had one day of training.|Nobody told them where the manager codes are.} Customer waited {mins} minutes.
q Is there someone who knows how to do this?
a Came over from the floor and showed them.
g New starters never alone on tills in their first two weeks.

@ pain staff_availability/hr at=c ch=phone,chat ct=e6u4 sev=2-3 sw=.05
s {Half the team off sick|Training day} – queues on all lines
d {Flu going round, six agents off.|Everyone pulled into training at the same time.} Wait times went over {hold} minutes all day.
q You must be really short of people.
g Never schedule training on a Monday; it's the busiest day.
r Training is no longer scheduled on Mondays or after bank holidays.
"""
