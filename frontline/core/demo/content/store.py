"""In the store: queues, staff, tills, prices, promotions, loyalty, the building."""

TEXT = """
# ---- queues -----------------------------------------------------------------------------

@ pain queue_wait at=r ch=in_store ct=e6u3p1 sev=2-4 sw=.12 w=3
s Only {tills} open on {day} {daypart}, queue back to {area}
s Long queue at the tills {again|on {day}|at {time}|at lunchtime}
s Queue at the tills {really|far too} long {on {day} {daypart}|around {time}}
d Around {time} the queue went back to {area}. {Customers were putting baskets down and walking out.|At least three people left their shopping and went.|People were getting short with each other.} {We only had {staff_count} on the front end.|Two of the team were on break at the same time.|}
d Queue of about {n}0 people for {mins} minutes. Nobody came to open another till{| even though I called for backup twice}.
q I've been stood here {mins} minutes for {two things|a pint of milk|one item}.
q Why have you got {n} tills and only one open?
q Every {Saturday|weekend} it's the same.
q! Every {Saturday|weekend} it's the same, I'll go to {competitor} from now on.
q! I'm not queuing {mins} minutes again, I'll shop somewhere else.
a {Opened the customer service till.|Called {colleague} back from the stockroom to open a till.|Took the customers with one or two items to the service desk.|Apologised and opened my till as soon as I could.}
g {Someone on standby for tills at peak times.|A bell at the tills that calls a second person when the queue passes five.|Stagger lunch breaks so the front end isn't short 12-2.}
r We've added a second till on Saturday mornings from {date}. Thanks for flagging it.
r From {date} whoever is on the floor opens till 3 as soon as there are more than four in the queue.
x The Saturday rota is already at the limit of our staffing budget; we'll look again at the spring rota review.

@ pain queue_wait at=r ch=in_store ct=e5u4 sev=2-3 sw=.05
s Queue at the customer service desk {for returns|for collections|at {time}}
s {Only one person on the service desk|Service desk queue} {again|on {day}|all {daypart}}
d {Returns, collections and complaints all go to the one desk.|The desk was handling a long refund and {n} others were waiting.} Customers waited around {mins} minutes.
q I only want to drop off a return, why do I have to wait behind everyone?
q! {mins} minutes to return one thing. Not worth it, I'll just order from {competitor}.
a Took the simple returns at a normal till.
g A separate quick line for returns with a receipt.
r Returns with a receipt can now be done at any till from {date}. Thanks!

@ pain queue_wait at=e ch=in_store ct=e5u3p2 sev=2-3 sw=.1
s No one free to help at {area} for {mins} minutes
s Customer waited ages for help choosing {item}
d Customer wanted advice on {item} and stood at {area} for {mins} minutes. {We were {staff_count} on the floor and all with customers.|The call button at the stand doesn't work.}
q I've been looking for someone for ages.
q! I'll just buy it online then, somewhere cheaper.
a Apologised, helped them myself once I'd finished with the previous customer.
g A take-a-ticket system at {area} on busy days.

@ pain queue_wait at=gd ch=in_store ct=e6u4 sev=2-3 sw=.05
s Wait at the {deli counter|paint desk|key cutting|timber cutting} {on {day}|at {time}|again}
d {Only one person trained on the machine|The second person was on break}, so customers were waiting {mins} minutes.
q {mins} minutes for {a tin of paint mixed|two planks cut|some sliced ham}?
a Took names and told them to shop while they waited; called them back when it was done.
g Train another person per shift on the {paint machine|saw|slicer}.

@ pain queue_wait at=f ch=in_store ct=e6u4 sev=2-3 sw=.08 w=2
s Queue for the fitting rooms {on {day}|at {time}|all afternoon}
s Fitting rooms: {mins} minute wait {again|on {day}}
d {Half the cubicles were closed|Only {n} cubicles open} because nobody was free to staff them. Queue went round to {area}.
q I'm not waiting {mins} minutes just to try on {item}.
q! Forget it, I'll order online somewhere else and send it back.
a Opened the closed cubicles and stayed on the fitting room door until the queue cleared.
g Open all cubicles on Saturdays and let customers take up to {n} items in.
r All cubicles are open on Saturdays from {date} with a colleague on the door 11-4.

@ pain queue_wait at=c ch=phone ct=e8u2 sev=2-4 sw=.15 w=2
s Caller held {hold} minutes before getting through
s Long hold times on the {order|billing|returns} line {again|this {daypart}|on {day}}
s Customer {very annoyed|fed up} after {hold} min wait on the phone
d Customer said they were on hold for {hold} minutes{| and had been cut off once before}. {They were calling about a simple question.|Their question took two minutes to answer.} {Hold times were over 30 minutes all {daypart}.|Several callers mentioned the wait this {daypart}.}
q I've been listening to that music for {hold} minutes.
q {hold} minutes! For a yes or no question.
q! If I have to wait this long again I'm cancelling everything.
a {sorry|Apologised for the wait} and dealt with the query in one go so they wouldn't have to call back.
g Offer a call-back instead of holding once the queue is over 10 minutes.
r A call-back option is now offered when the wait is over 10 minutes, from {date}.
x Headcount for the phone lines is fixed until the next budget round; the call-back option is planned.

@ pain contact_centre at=c ch=chat ct=e7u3 sev=2-3 sw=.08
s Chat queue over {mins} minutes{| again| at {time}}
s Customer gave up on chat and {rang|emailed} instead
d They started a chat, waited {mins} minutes, got disconnected when the {app|page} refreshed and had to start again.
q Your chat says "usually replies in 2 minutes". It's been {mins}.
q I lost my place in the chat queue when my phone locked.
g Keep the chat open if the page reloads, or at least show the real waiting time.
r The chat now keeps your place for 10 minutes if the page reloads – released {date}.

# ---- staff -------------------------------------------------------------------------------

@ pain staff_availability at=r ch=in_store ct=e5u3p2 sev=2-3 sw=.08 w=2
s No staff on the shop floor {on {day} {daypart}|after {time}|in {area}}
s Customer couldn't find anyone to help in {area}
s Nobody around {in {area}|on the floor} {on {day} {daypart}|all {daypart}|again}
d {Between {time} and about an hour later|For most of the {daypart}} there was {just me|only one person} on the whole floor. {Customer had been walking around looking for someone.|Two customers came to the till to complain they couldn't find anyone.}
q Is there anybody actually working here?
q I've walked round twice looking for someone.
q! I'll buy it online, at least the website answers questions.
a Went with the customer to {area} and found what they needed.
g Someone on the floor at all times, even when tills are busy.
r The rota now always has one person on the floor between 11 and 3. Thanks for pushing on this.
x We're already at our hours budget for this quarter; we've flagged it for the next one.

@ pain staff_availability/hr at=r ch=in_store ct=e5u5 sev=2-3
s Short-staffed {again|on {day}|all weekend} – {two|three} people off sick, no cover
s Rota gap on {day} {daypart}, floor not covered
d We were {n} down on the rota. {Customers noticed – several comments about the queues.|The stockroom work didn't get done and {area} was half empty.|I had to close the fitting rooms.}
q You're always short of staff.
g A pool of part-timers across the nearby stores to cover sickness.
r We've recruited two part-timers for evenings and weekends, starting {date}.

@ pain staff_availability at=g ch=in_store ct=e6u4 sev=2-3 sw=.05
s Nobody on the {deli|bakery|fish} counter {at {time}|after 6pm|on {day}}
d Counter was closed from {time} but the sign said open until 8. {Customers were ringing the bell.|One customer had come in specially for it.}
q It says open till 8 and there's nobody here.
a Served the customer myself from the pre-packed section.
g Either staff the counter until closing or change the sign.
r Counter hours on the sign now match the rota. Sorry it took a while.

@ pain staff_knowledge at=e ch=in_store ct=e4u3p3 sev=2-3 sw=.08 w=2
s Customer got {wrong|conflicting} advice about {item}
s Staff couldn't answer questions about {item}
s {New starter|Colleague} not sure how {item} works, customer noticed
d Customer asked {whether {item} would work with their {device}|about the difference between two models of {item}|about energy ratings on {item}}. {We gave different answers at {area} and at the till.|Nobody on shift knew.|I looked it up on my phone in front of them, not ideal.}
q You're supposed to be the experts.
q The man on the website chat told me something completely different.
q! I'll ask in the shop across town, they seem to know what they're selling.
a Looked it up in the product guide with the customer.
g A quick guide per product family on the staff tablet.
r The FAQ on the staff app now covers this, updated {date}.

@ pain staff_knowledge at=d ch=in_store ct=e5u2p3 sev=2-3 sw=.05 w=2
s Customer needed advice on {item}, nobody knew
s Couldn't advise on {tiling a wet room|fixing decking|which sealant for a shower|wall plugs for plasterboard|which paint for a bathroom ceiling}
d Customer was halfway through a job at home and came in to ask. {I'm on tills normally so I wasn't sure.|We only have one person who really knows this and he's on earlies.}
q I just need someone who knows what they're talking about.
a Called the trade counter who talked them through it.
g Short video guides on the website for the most common jobs, and QR codes on the shelf.
r We've put QR codes to how-to videos on the shelves in {area} from {date}.

@ pain staff_knowledge at=r ch=in_store,phone ct=e6u4 sev=2-3
s Didn't know the returns rules for {item}
s Different answers on {returns|warranty|price match} policy between colleagues
d Customer was told one thing on the phone and another at the desk{| and got quite upset}. {I had to ring head office to check.|Even the managers weren't sure.}
q The lady on the phone said I could bring it back, now you're saying no?
a Checked with {manager} and we accepted the return.
g One page with the policy rules at every till.
r There's now a one-page policy sheet at every till and on the staff app.

@ pain staff_knowledge/hr at=c ch=phone,chat,email ct=e7u3 sev=2-3 sw=.05
s New agents not trained on {refunds for split orders|price match requests|loyalty points transfers|trade accounts|pre-orders}
s {Caller|Customer} transferred {n} times, nobody could answer
d The customer was passed between teams {n} times. {The new starters haven't had the module yet.|The knowledge base article is out of date.}
q Does anyone there know how your own system works?
q! I've been passed around {n} times. Cancel the whole thing.
g Buddy new starters with someone experienced for their first month on the phones.
r Knowledge base article rewritten, and new starters now shadow for two weeks, from {date}.

@ pain staff_knowledge at=r ch=in_store ct=e3u4p3 sev=1-2
s Customer asked for help in {a language|English} and nobody could
s Language barrier at the till, {couldn't explain the return|couldn't explain the offer}
d Tourist{|s} needing help {with sizes|with the tax-free form|finding something}; none of us on shift spoke {their language|much English}.
g Badges showing which languages staff speak.
r Language badges are on their way; they'll be handed out at the {day} huddle.

@ pain complaint_handling/hr at=r ch=in_store ct=e6u4 sev=3-4 sw=.2
s Customer unhappy with how a colleague spoke to them
s Complaint about {a colleague's attitude|being ignored at {area}|being spoken to rudely}
d Customer said they were {talked down to|ignored while two colleagues chatted|rushed at the till} {on {day}|earlier this week}. {They were calm but clearly hurt.|They asked for the manager.}
q I felt like I was a nuisance for asking.
q! I've shopped here {n}0 years and I've never been spoken to like that. I won't be back.
a {sorry} and passed the details to {manager}.
r I've spoken to the team about it and contacted the customer to apologise. Thank you for passing it on.

# ---- tills and payment ------------------------------------------------------------------

@ pain payment at=r ch=in_store ct=e6u4 sev=2-4 sw=.1 w=2
s Card {machine|terminal} on till {2|3|4|5} {down again|keeps declining|freezing}
s Contactless not working {at {time}|on {day}|on till {1|2|3}}
d Card terminal {kept dropping the connection|declined several cards that worked at the next till|froze mid-payment and we had to restart it}. {It's the third time this week.|The customer wasn't sure if they'd been charged twice.}
q Has it taken my money or not?
q! Sort your tills out, I'm not coming back to be embarrassed like that.
a Moved the customer to the next till and printed a void receipt so they could see they weren't charged.
g Replace the terminal on till {2|3}; it's the oldest.
r The faulty card terminal was replaced on {date}.

@ pain payment at=r ch=in_store ct=e5u5 sev=2-3
s Customer charged twice for {item}
s Double payment {on contactless|at the till} – customer noticed in their banking app
d The terminal showed an error, we tried again, then both payments showed in the customer's app. {Customer had to wait {n} days for it to drop off.|It's happened twice this month.}
q So now I've paid twice and you're telling me to wait?
a Showed them the void slip and explained the pending payment would drop off.
r The payment provider fixed the terminal setting; the double-charge issue should not come back.

@ pain payment at=r ch=in_store ct=e4u4p2 sev=1-3
s Customer wanted to pay with {pay_with}, we couldn't
d We don't accept {pay_with} in store even though it's on the website. {Customer left their basket.|Customer had to go to a cash machine.}
q Your website takes it, why not the shop?
q! Fine, I'll just buy it elsewhere.
g Accept the same payment methods in store as online.
r We now take {pay_with} at every till, from {date}.
x We can't accept that payment method in store for security reasons – group policy.

@ pain payment at=r ch=in_store ct=e5u5 sev=1-2
s No change in the tills {on {day} morning|at opening|again}
s Ran out of {coins|five-pound notes|small change} at {time}
d The cash office delivery was late so we had no small change until {time}. {Several customers paying cash waited.|I had to send {colleague} round the other tills.}
g A float check at closing so the morning tills have change.
r Floats are now counted at closing and topped up before opening.

@ pain payment/accounting at=r ch=in_store ct=e4u6 sev=2-3 sw=.05
s Customer asked for a VAT receipt, till couldn't print it
s Business customer needs a proper invoice for {item}, we can only do a till receipt
d Customer buys for their company and needs an invoice with VAT number. {We had to take the details and send it on later.|Nobody on the desk knew how to do it.}
q Every other shop can do this.
a Wrote down the order and asked the accounts team to email a VAT invoice.
g Let the till print a VAT invoice with the company details.
r The tills can print a VAT invoice with the company details from {date}.

@ pain self_checkout at=g ch=in_store ct=e6u4 sev=2-3 sw=.08 w=3
s Self-checkout {keeps saying|stuck on} "unexpected item in bagging area"
s Self-checkouts {2 and 4|3 and 5|1 and 6} {out of order|not scanning} {again|on {day}|all morning}
s Customers waiting for approval at self-checkout {for ages|{mins} minutes}
d {Only one colleague covering all {n} self-checkouts.|The weight sensor kept flagging bags from home.|Alcohol and paracetamol need approval and nobody came.} {Customers were waving for help.|One customer just left the trolley.}
q I'm doing your job for you and I still have to wait.
q Why does it need someone to approve a bag of {item}?
q! If I wanted to queue I'd go to a normal till. I'll shop at {competitor}.
a Covered self-checkouts myself until the queue cleared.
g One person dedicated to self-checkout at peak times.
r The self-checkout scales were recalibrated on {date}; far fewer alerts now.
x The self-checkout software is rolled out group-wide; the supplier will change the sensitivity in the next version.

@ pain self_checkout at=r ch=in_store ct=e5u5 sev=2-3 sw=.05
s Self-checkout {won't take|rejected} {vouchers|gift cards|cash|coupons}
s Barcode on {item} won't scan at self-checkout
d Customer tried {n} times; the screen said to call a colleague every time. {The barcode label is printed too small.|The voucher needs a manual override.}
q Why have it if it doesn't work?
a Keyed it in manually.
g Ask {dept} to fix the barcode on {item}.
r The barcode on that line has been reprinted by the supplier. Thanks.

@ pain self_checkout/it at=g ch=in_store ct=e4u6 sev=1-2
s Self-checkout screen {too bright|hard to read|only in English} for some customers
d An older customer couldn't read the buttons, {the text is tiny|the contrast is poor}. Language button is hidden in the corner.
g Bigger text option and a visible language button.
r The supplier added a large-text mode; it's on all self-checkouts from {date}.

@ pain self_checkout at=g ch=in_store ct=e5u5 sev=2-3 sw=.1
s Customer upset about {security tag alarm|random rescan} at self-checkout
d System picked them for a rescan and they felt they were being treated as a thief. {Rescan took {mins} minutes because nobody was free.|Other customers were watching.}
q Do I look like a shoplifter?
q! I won't use these machines again. Or this shop.
a Did the rescan quickly and explained it's random.
g Explain on the screen that the check is random before it starts.

# ---- prices and labels -------------------------------------------------------------------

@ pain price_label at=r ch=in_store ct=e6u4 sev=2-3 sw=.1 w=3
s Shelf says {amount}, till charged {higher} for {item}
s Price on the shelf edge wrong for {item}
s Label says {amount} for {item} but rings up {higher}
d Customer noticed at the till that {item} came up at {higher}; shelf label in {area} says {amount}. {Checked: the label is from last week's price.|It's the second time this week on this line.|The promotion ended but the label is still up.}
q Your label says {amount}. I'm not paying {higher}.
q You do this every week. I have to check every receipt now.
q! This is how you lose customers. I'll shop at {competitor}.
a Honoured the shelf price and took the label down.
g Daily label check in {area} before opening.
r Labels in {area} were rechecked and the till price corrected on {day}. Thanks for catching it.
r The price file was wrong at head office – fixed for all stores from {date}.

@ pain price_label at=r ch=in_store ct=e5u5 sev=1-2
s {Missing price labels|No prices} on {item} in {area}
d {Half the shelf has no labels.|The labels fell off when the shelf was moved.|New line came in without shelf edge labels.} Customers were bringing items to the till to ask.
q How am I supposed to know what it costs?
a Printed new labels from the handheld.
g Print labels when new lines are put out, not afterwards.

@ pain price_label at=ge ch=in_store ct=e6u4 sev=1-3
s Unit price on the shelf label {wrong|missing} for {item}
s Customer confused by {price per kilo|price per 100g|price per litre} on {item}
d Shelf label shows the unit price {per kilo on one size and per 100g on the other|wrongly}, so the bigger pack looks dearer when it's cheaper.
q I worked it out on my phone, your label's wrong.
g Use the same unit on every label in a category.
r {dept} have changed the label template so every size uses the same unit price.

@ pain price_label/pricing at=r ch=in_store,web_app ct=e5u3p2 sev=2-3 sw=.12
s {item} cheaper online than in store
s Customer showed us our own website: {item} {amount} online, {higher} here
d Customer expected the same price in the shop as on our website. {We don't price match our own website.|Till couldn't apply the online price.}
q Same company, different price? That's a joke.
q! I'll just order it online then, and not from you.
a Ordered it online for them with free collection.
g Price match our own website at the till.
r We now match our own website price at the till from {date}.
x Online and store prices are set separately because costs differ; the team can order online for the customer in store.

@ pain price_label/pricing at=g ch=in_store ct=e6u3p1 sev=2-3 sw=.15
s Customer says {item} went up {pct}% in a month
s Complaint about price rises on {item}
d Regular customer keeps an eye on prices. {Says {item} went up twice this year.|Says our own-brand is now dearer than the branded one at {competitor}.}
q It was {amount} last month, now it's {higher}.
q! I'm doing my big shop at {competitor} from now on.
g Flag big price rises to the team so we can explain them.
x Prices are set by the pricing team group-wide; the feedback has gone to them for their monthly review.

# ---- promotions and vouchers ------------------------------------------------------------

@ pain promotion at=r ch=in_store ct=e7u3 sev=2-3 sw=.1 w=2
s {Weekend|Loyalty|Half-price} offer on {item} didn't go through at the till
s Offer not applied at till for {item}
d Offer is on the shelf in {area} but the till didn't take it off. {Promotion starts {day} but the labels were up already.|Only some sizes are included but the sign doesn't say so.}
q The sign says 3 for 2. It's charged me for three.
q! Every time there's an offer it doesn't work. I'm done.
a Gave the discount manually with a manager override.
g Put the terms on the shelf sign, in big letters.
r {dept} corrected the promotion set-up; affected customers can claim the difference at the desk.

@ pain promotion at=r ch=in_store,email|email,phone,chat ct=e8u2 sev=2-3 sw=.08 w=2
s Voucher from the {email|loyalty app|leaflet} rejected at {the till|checkout}
s Customer's {pct}% off voucher {wouldn't scan|expired early|excluded {item}}
d Customer's voucher said valid until {day} but the till said expired. {Small print excludes {item} but that isn't clear.|The code was already "used" even though they hadn't.}
q What's the point of sending me a voucher that doesn't work?
q! This is the third voucher that hasn't worked. Take me off your list.
a Applied the discount manually and noted the voucher code.
g Test the voucher at a till before the email goes out.
r {dept} fixed the voucher set-up on {date} and reissued it to everyone affected.

@ pain promotion/marketing at=r ch=in_store,web_app|phone,email,chat ct=e5u3p2 sev=2-3 sw=.1
s Advertised offer on {item} sold out on the first morning
s Customer came in for the {leaflet|TV|email} offer on {item}, we had {n} in stock
d We got {n} units for the offer and they went before {time}. {Three customers asked about it.|Customer had travelled {n}0 minutes for it.}
q You advertise it and then don't have it. Typical.
q! That's the last time I believe one of your adverts.
a Offered a rain check at the same price.
g Rain checks for any advertised offer that runs out.
r Rain checks are now available for advertised offers that sell out, from {date}.

@ pain promotion at=r ch=in_store ct=e6u4 sev=1-2
s Customers confused by {two overlapping offers|the "from" price|the bundle deal} on {item}
d The sign says "up to {pct}% off" but only a few lines are. {Customers felt misled.|Lots of questions at the till.}
q Up to {pct}% off – so basically nothing is.
g Clear signs with the actual price, not "up to".

@ pain promotion at=r ch=in_store,web_app ct=p5u3e2 sev=1-3 sw=.1
s Student discount {not accepted in store|only works online}
s Customer's {student|staff-family|senior} discount {wouldn't apply|not recognised}
d Customer had the digital card on their phone but the till couldn't scan it. {Works online only apparently.|Needed a manager code.}
q So I have to order online to get it?
a Gave the discount with a manager override.
g Let tills scan the digital cards.

# ---- loyalty ----------------------------------------------------------------------------

@ pain loyalty at=r ch=in_store,web_app|phone,email,chat,web_app ct=e9u1 sev=2-3 sw=.1 w=2
s Loyalty points {missing|not added} after {a big shop|buying {item}|their last visit}
s Points not showing in the app for {n} weeks
d Customer scanned their card but {the points never appeared|only half the points were added}. {It's the second time.|They'd saved up for a reward.}
q I've been saving these points for months.
q! What's the point of a loyalty card if you don't give me the points? I'll cut it up.
a Took the receipt details and raised it with the loyalty team.
g Let the till show the points added, so customers see it straight away.
r {dept} fixed the points issue; missing points were added back to affected accounts.

@ pain loyalty at=r ch=in_store,web_app|phone,chat,email ct=e8u2 sev=1-3 sw=.12
s Customer {unhappy|annoyed} about changes to the loyalty scheme
s Points worth less since the {new|spring|autumn} loyalty changes
d Customer worked out they now need twice the spend for the same reward. {Long-standing member.|They said they'd only been shopping here for the points.}
q You've halved the value and called it an improvement.
q! Without the points there's no reason to come here over {competitor}.
x The loyalty programme rules are set by the group; we've passed the feedback to {dept}.

@ pain loyalty at=r ch=in_store ct=p5u4e1 sev=1-2
s Customer wanted to join loyalty scheme, sign-up {too long|needs an app|needs an email they don't have}
d Sign-up at the till takes about {n} minutes and needs the app. {Older customer, no smartphone.|Queue behind them.} They gave up.
q I just want a card, I don't want another app.
g A plastic card option for people without smartphones.
r Plastic cards are back at the service desk from {date}.

@ pain loyalty/it at=r ch=web_app|web_app,phone,chat ct=e8u2 sev=2-3 sw=.05
s Loyalty app {logs customers out|won't load the barcode|crashes at the till}
d The digital card wouldn't open at the till {for {n} customers today|again}. {Signal in the store is poor near the tills.|The app needs a login every time.}
q Every time I get to the till, the app wants me to log in again.
g Let the card barcode work offline.
r The loyalty barcode now works without signal, in the app version released {date}.

# ---- the building -----------------------------------------------------------------------

@ pain store_environment at=r ch=in_store ct=e6u4 sev=2-3 sw=.05 w=2
s Customer toilets {out of order|dirty|out of paper} {again|on {day}|all day}
s Complaint about the state of the toilets
d {Toilets have been out of order since {day}.|Nobody checked them all {daypart}.|The baby change is broken.} Customer with small children asked twice.
q I had to take my son to the café next door.
a Put a sign up and asked {colleague} to clean them.
g Add the toilets to the hourly checklist.
r Cleaning rota updated: toilets are checked every hour from {date}.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=2-3 sw=.05 w=2
s {Too cold|Freezing} in the store {today|on {day}|again}
s Heating {not working|broken} {near the entrance|in {area}}
d {The entrance doors are stuck open|The heating is off} and it's freezing at {area}. {Customers are leaving quickly.|We're wearing coats at the till.}
q How can you work in this?
a Put the spare heater by the tills.
g Get the heating engineer in this week, not next month.
r Heating repaired on {date}.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=2-3 w=1
s {Too hot|Stuffy|Boiling} in the store {today|on {day}|again}
s Air conditioning {broken|off} {in {area}|all day}
d The air conditioning {isn't working|is broken} and it's {28|30|31} degrees at {area}. {An older customer felt faint.|Chocolate on the shelves is melting.}
q It's like a sauna in here.
a Brought the customer a glass of water and a chair.
r The air conditioning was repaired on {date}.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=1-3 sw=.05
s {Cages|Pallets|Boxes} blocking {area} {during the day|at {time}|again}
s Aisles {full of|blocked by} {stock cages|delivery boxes} {daypart}
d Delivery was unpacked late so cages stayed in {area} until the afternoon. {A customer with a pushchair couldn't get past.|Customer tripped over a box.}
q Is this a shop or a warehouse?
a Moved the cages to the back.
g Unload deliveries before opening, or in the quiet hour.
r Aisles are now cleared of cages by 10 every morning.

@ pain store_environment/stock at=r ch=in_store ct=e5u5 sev=1-2
s Store looks {messy|untidy} – {area} {a mess|not faced up}
s {area} {left untidy|not tidied} after {the weekend|the sale|a busy day}
d {Products all over the place in {area}.|Empty boxes left on the shelves in {area}.} Customers commented.
q It looks like a jumble sale in here.
g Put tidying {area} on the rota every two hours.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=2-3 sw=.05
s {Leak in the roof|Water coming through the ceiling} {in|near} {area}
s Roof leaking again {in {area}|since {day}}
d When it rains water comes in near {area}; buckets out again. {A customer nearly slipped.|It's been reported to maintenance twice.}
q Someone's going to slip on that.
a Put out wet floor signs and taped off the area.
g Get the roof fixed before winter.
r {dept} have fixed it. Thanks for reporting.
x The landlord is responsible for the roof; we've chased them in writing.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=1-2
s Music {too loud|far too loud|blaring} in store
d Customers (and staff) say the music is too loud near {area}. {One customer with hearing aids found it hard to talk at the till.|We have to shout at the till.}
q Can you turn that down? I can't hear myself think.
g Lower the volume near the tills and refresh the playlist.

@ pain store_environment at=f ch=in_store ct=e5u5 sev=2-3
s Fitting rooms in a state – {dirty|full of left clothes|locks broken}
d Lock on cubicle {n} is broken and hangers and clothes are left in most of the others. Customers don't want to use them.
q There's nowhere to even hang my coat.
a Cleared the cubicles and put an out-of-order sign on the broken one.
r {dept} fixed the locks and added hooks in all cubicles on {date}.

@ pain store_environment at=g ch=in_store ct=e6u4 sev=2-3 sw=.08
s {Fridges|Freezers} in {area} not cold enough
s Chiller {alarm|door broken} in {area}
d {Fridge display shows 9 degrees.|The door on the freezer doesn't close.} {We moved the stock to the back.|Customers noticed the yoghurts were warm.}
q Those yoghurts aren't cold, are they safe?
a Took the stock off sale and logged the temperatures.
g Call the fridge engineer same day, not next week.
r The chiller was repaired on {date} and temperatures are checked twice a day now.

@ pain store_environment at=r ch=in_store ct=e5u5 sev=1-2
v kit: baskets | trolleys
s No {kit} left at the entrance {again|on {day}|at {time}}
d Nobody brought the {kit} back to the entrance since the morning. Customers were carrying things in their arms.
a Collected the {kit} from the tills and car park and put them at the entrance.
g {kit} back to the entrance every hour as a task.

@ pain store_environment at=r ch=in_store ct=e5u4p1 sev=1-3
s Customer {complained about|upset at} {a smell|drains} in {area}
d {Drains smell again near {area}.|Bin area smell coming in through the back door.} It's worse in the afternoon.
q What is that smell?
g Get the drains looked at properly, not just cleaned.

@ pain accessibility at=r ch=in_store ct=e6u4 sev=3-4 sw=.1 w=2
v blocked: the accessible toilet | the accessible fitting room | the wide aisle by {area}
s Wheelchair user couldn't use {blocked}
s {blocked} {blocked|used as a store room} again
d Customer in a wheelchair couldn't get into {blocked}: {boxes|cages|returns} in the way. Customer had to wait for us to move things.
q This is the only shop in town I can't get round.
q! I won't come back if I have to ask for help every time.
a Cleared a path and helped them round the store.
g Keep a clear 1.2 m route through the main aisles.
r The accessible fitting room is now kept clear and checked twice a day. Thank you.

@ pain accessibility at=r ch=in_store ct=e6u4 sev=2-4
s No seating for customers {who need to rest|at the tills|near the fitting rooms}
d Elderly customer asked twice if there was somewhere to sit. {The one bench was removed during the refit.|Only seat is in the café.}
q I just need to sit down for a minute.
a Brought a chair from the staff room.
r We've put a seat by the tills and at the fitting rooms.

@ pain accessibility at=r ch=in_store ct=e6u4 sev=2-3
s Customer with {a hearing aid|hearing loss} struggled at the till
d Behind the screen and with the music on they couldn't hear me at all. I wrote things down for them.
q It's like nobody thinks about people like me.
g A hearing loop at the service desk and large-print labels on request.
r {dept} fitted a hearing loop at the customer service desk on {date}.

@ pain accessibility at=r ch=in_store ct=e6u4 sev=2-3 sw=.05
v lift: lift | escalator
s {lift} {out of order|broken} {again|since {day}}
d The {lift} to {area} has been out since {day}. {Customer with a pushchair had to go back to the car.|Customer in a wheelchair couldn't get to {area}.}
q How long has this been broken?
a Fetched what they needed from {area} for them.
r The lift was repaired on {date}; we now have a faster call-out agreement with the engineer.
x The lift belongs to the shopping centre; we've asked their management to fix it and will keep chasing.

@ pain accessibility at=r ch=in_store ct=e5u5 sev=2-3
s {Parent|Customer with an autistic child} asked for a quieter time to shop
d Child got overwhelmed by the {music|announcements|crowd at {area}} and they had to leave. They asked if we have a quiet hour.
q Just one hour a week with the music off would make a huge difference.
g A weekly quiet hour: music off, lights lower, no announcements.
r Quiet hour now runs every {day} morning from {date}.

@ pain parking at=r ch=in_store ct=e5u5 sev=2-3 sw=.1 w=2
s Customer got a parking fine {while shopping|after {mins} minutes over}
s Parking fine for a customer – {queue at the tills|slow click and collect} made them late
d Customer got a fine because {the queue at the tills|waiting for their collection} made them late. {They showed me the letter.|Second one this month.}
q I got a fine because your queue was so long.
q! I'm not paying to park to shop here. I'll go to the retail park.
a Gave the customer the car park company's appeal details and a note of the time they were in store.
g Validate parking at the till for customers.
r The first hour of parking is free with a receipt from {date}.
x The car park is run by the shopping centre; we've passed it on to their management.

@ pain parking/facilities at=r ch=in_store ct=e5u5 sev=2-3 sw=.08
v fault: barrier broken | ticket machine down | ticket machine only taking coins
s Car park {fault} {again|on {day}|at {time}}
d Car park {fault}{| since the morning}; {there was a queue of cars at the exit|customers came in to ask us to sort it}. {Several complaints today.|Customer was furious.}
q How am I supposed to pay? Nobody carries coins.
q! I'm not going through this every time. I'll go to the retail park.
a Rang the car park company and told customers to keep their receipt.
r {dept} got the car park company to fix it and add card payment from {date}.
x The car park is run by the shopping centre; we've passed it on to their management.

@ pain parking at=r ch=in_store ct=e5u5 sev=1-3
s Parent-and-child bays {used by others|too few}
s {Disabled|Blue badge} bays {always taken|blocked by delivery vans}
d {Cars without children in the parent bays all morning.|Delivery van parked across two blue badge bays.} Customer with a baby had to park at the far end.
q These bays are never free.
g Sign on the bays and ask drivers to move.
r More parent-and-child bays marked from {date}.

@ pain parking at=d ch=in_store ct=e7u3 sev=2-3
s No space to load {bulky items|timber|compost bags} near the exit
d The loading bay was full of trolleys, customer had to carry {item} across the car park. {It was raining.|They had a bad back.}
q Where am I supposed to load this?
a Helped them carry it to their car.
g Keep the loading bay clear and mark it for loading only.

@ pain parking/facilities at=r ch=in_store ct=e5u5 sev=1-2
s Bike racks {full|broken|missing} outside the store
d Only {n} racks and they're always full. Customers lock bikes to the railings and get told off by the centre.
g Double the bike racks at the entrance.
r Eight more bike racks were installed on {date}.
"""
