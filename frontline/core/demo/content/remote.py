"""Beyond the shop floor: delivery, click and collect, the website and app, invoices,
refunds, the contact centre, social media."""

TEXT = """
# ---- delivery -------------------------------------------------------------------------

@ pain delivery_late at=* ch=delivery,in_store:.5,phone:.5|phone:3,chat:2,email:2,delivery ct=e8u2 sev=3-4 sw=.2 w=4
s Delivery {missed|didn't turn up|came a day late} – customer {took the day off|waited in all day}
s Customer waited in all day, {courier} never came
s Delivery of {item} {late again|{days} days late|rescheduled {times}}
d {Slot was 8-12, nothing came, no message.|Tracking said "out for delivery" all day, then "customer not in".|Delivery moved {times} without asking.} {Customer had taken a day's holiday.|They'd arranged childcare to be in.} {They rang us and were told to wait another day.|It's the second missed delivery on this order.}
q I took a day off work for this.
q The tracking says I wasn't in. I was sat by the window all day.
q! That's it, I'm cancelling and buying it locally.
a {sorry}, rebooked for the first slot and refunded the delivery fee.
g Text customers when the driver is running late, not after.
r {dept} raised it with the courier and changed the evening route from {date}.
r We've added text updates when a delivery is running late, from {date}.
x The courier contract runs until next year; we've logged it for the contract review.

@ pain delivery_late at=c ch=phone,email,chat ct=e8u2 sev=2-4 sw=.15 w=2
s Order {not dispatched|stuck in "processing"} after {days} days
s Customer chasing order placed {days} days ago – still no dispatch email
d The website promised {2-3 day|next-day} delivery. {Order is stuck waiting for one item that's out of stock.|Warehouse backlog after the sale.} Nobody told the customer.
q If you'd just told me, I could have made other plans.
q! Cancel it. I'll order from {competitor}, they actually deliver.
a Split the order so the items in stock go out today.
g Send an email as soon as an order is delayed, with the new date.
r Customers now get an email as soon as an order is delayed, with a new date, from {date}.

@ pain delivery_late at=* ch=delivery,phone|phone,chat,email ct=e7u3 sev=2-3 sw=.08
s Delivery slot {too wide|8am to 8pm}, customer can't wait in all day
d Customer works {shifts|in a hospital|away from home} and can't be in for a 12-hour window. {No option to choose a slot.|Premium slot costs extra.}
q Who can wait in for twelve hours?
g Two-hour slots, or a safe place option.
r Customers can now choose a safe place or a neighbour when they order, from {date}.

@ pain delivery_late at=dec ch=delivery,phone|phone,email ct=e8u2 sev=3-4 sw=.2 w=2
s Two-person delivery of the {big} {cancelled on the day|turned up without the second person}
s {big} delivery – driver couldn't {carry it upstairs|fit it through the door|install it}
d {Only one driver came so they left it at the door.|They refused to take it upstairs even though the customer paid for it.|Installation was booked but the driver didn't have the tools.} {Customer is elderly and couldn't move it.|The old one wasn't taken away either.}
q I paid for installation. It's sitting in my hallway.
q! Never again. I'll pay a bit more somewhere that does it properly.
a Booked a two-person crew for the next day and refunded the install fee.
r The courier has retrained the drivers on this route. Thanks for flagging it.

@ pain delivery_late/shipping at=* ch=delivery,phone|phone,email,chat ct=e7u3 sev=2-4 sw=.1
s Parcel marked delivered, customer never got it
s "Delivered" but {not there|left with unknown neighbour|photo shows another door}
d Tracking photo shows {a different front door|the parcel in the rain|nothing}. {Customer checked with neighbours.|Third time with this courier in this area.}
q The photo isn't even my house.
a Sent a replacement today and opened a claim with the courier.
g Stop using the courier in this postcode area until they sort it.
r {dept} switched courier for this area from {date}. Thanks for keeping at it.

@ pain delivery_damage at=fedc ch=delivery,in_store:.5|phone,email:2,chat ct=e8u2 sev=3-4 sw=.15 w=3
s {item} arrived {damaged|smashed|dented|broken}
s Delivery damaged – {box crushed|item scratched|glass broken}
d {Box was crushed on one side.|No padding in the box at all.|The driver dropped it getting it out of the van.} {Customer sent photos.|Customer refused the delivery.} They want a replacement quickly, not a refund.
q It's like they threw it off the van.
q! Two damaged deliveries in a row. I won't order online from you again.
a Arranged a replacement with priority delivery and a collection of the damaged one.
r {dept} have changed the packaging for fragile items from {date}.
r Damaged items are now replaced without the customer needing to send photos first.

@ pain delivery_damage at=g ch=delivery,phone|phone,email,chat ct=e8u2 sev=2-3 sw=.1 w=2
v fault: frozen food thawed | eggs broken | three items missing but charged | a bag crushed
s Online grocery order: {fault}
s Grocery delivery problem – {fault}
d {fault} {in the order|on delivery}; {the driver was in a hurry|the crates were stacked badly}. {Customer has to throw things away.|They'd planned meals around it.}
q Half of it went in the bin.
q! Your substitutions are a joke. I'm going back to {competitor}.
a Refunded the missing items and added a note to the account.
g Let customers say "no substitutions" for each item.
r Customers can now block substitutions item by item, from {date}.

@ pain delivery_damage/shipping at=fe ch=delivery,email|email,phone ct=e7u3 sev=2-3
s Wrong item delivered – {wrong size|wrong colour|someone else's order}
d Customer ordered {item} in {colour} and got {colour2}. {Label on the box was correct.|Picking error.} Return label had to be printed at home.
q I don't have a printer, how do I return it?
a Emailed a QR code return so they can drop it in store without printing.
g QR-code returns by default.

# ---- click and collect ----------------------------------------------------------------

@ pain click_collect at=r ch=in_store,web_app ct=e8u2 sev=2-3 sw=.12 w=3
s Click and collect: customer waited {mins} minutes at the collection point
s Nobody at the collection point {at {time}|on {day}|again}
d {The bell at the collection point doesn't work.|Only one person covering tills and collections.|Order was "ready" but nobody could find it.} {Customer was on their lunch break.|Three customers waiting.}
q The whole point of click and collect is that it's quick.
q! Faster to go to {competitor} and buy it off the shelf.
a Left the till to find the order and apologised.
g Put the collection point by the entrance with its own bell.
r The collection point now has its own bell and someone assigned every hour.

@ pain click_collect at=r ch=in_store,web_app,email ct=e8u2 sev=2-3 sw=.1 w=2
s "Ready to collect" email sent but order not in store
s Customer got the collection email, order {still in transit|not arrived|only half there}
d Email went out {yesterday|this morning} but the order arrived {at 4pm|the next day}. {Customer made a special trip.|Customer had to come back twice.}
q You told me it was ready. Why tell me if it isn't?
q! Waste of my petrol. I won't bother again.
a Offered to deliver it free when it arrives.
g Only send the email once the order is scanned in store.
r The "ready to collect" message now goes out only once the order is on our shelf.

@ pain click_collect at=r ch=in_store,web_app ct=e7u3 sev=2-3
s Click and collect order {sent back|cancelled} before the customer came
d {Orders are kept 3 days only.|Customer was away for the weekend.} The order had already gone back, and the refund takes {days} days.
q Three days is nothing, some of us work.
g Keep orders 7 days.
r Click and collect orders are now kept for 7 days instead of three.

@ pain click_collect at=r ch=in_store ct=e6u4 sev=1-3
s Collection needs {ID|the order number|the card used}, customer didn't have it
d Customer's partner came to collect but only had the email on their phone. {Rules say the card holder must collect.|ID needed for age-restricted items.}
q It's my wife's order, I've got the email right here.
a Checked with {manager} and released it with the order email and their address.
g A collection code that anyone can show.

@ pain click_collect at=dg ch=in_store,web_app ct=e7u3 sev=2-3 sw=.05
s Drive-through collection bay {blocked|always full|not signed}
d The collection bays in the car park {are used by normal shoppers|have no sign}. Customers with heavy orders have to park far away.
q There's no sign anywhere.
r Signs and bay markings were added on {date}.

# ---- website and app ------------------------------------------------------------------

@ pain website_app at=* ch=web_app,in_store:.5|web_app,chat,phone,email ct=e6u3p1 sev=2-3 sw=.12 w=4
s Customer couldn't {check out|pay|log in} on the {app|website} – {error|spinning wheel|blank page}
s {App|Website} {crashed|froze} at {app_page}
s {app_page} {broken|not loading} on {device}
d Customer tried {times} on {device}. {Got "something went wrong" at {app_page}.|{app_page} kept reloading.} {They gave up and came to the store.|They gave up and rang us.}
q I've tried three times and I'm not trying again.
q Your app is the worst one on my phone.
q! I'm not fighting with your website. It takes two clicks at {competitor}.
a Placed the order for them on the store tablet.
g Ask IT to test the {app|website} on older phones.
r {dept} found the bug from the customer's description; it's fixed in the latest release.
x {dept} can't reproduce it and it affects very few people; they'll keep watching the error logs.

@ pain website_app at=* ch=web_app|web_app,chat,email ct=e7u3 sev=2-3 sw=.05 w=2
s Password reset email {never arrives|goes to spam|link expired}
s Customer locked out of their account after the {update|new app}
d Customer tried to reset their password {times}. {The email doesn't arrive.|The link says expired straight away.} Their order history and vouchers are in that account.
q I just want to see my orders.
a Raised a ticket with IT and took them through the guest checkout.
r Fixed on the website from {date}. Thanks for the detailed note – it helped IT find it.

@ pain website_app at=* ch=web_app,in_store|web_app,chat,phone ct=p6u3e1 sev=1-3 sw=.05 w=2
s Website search doesn't find {item}{| when spelt slightly wrong}
s Customer couldn't find {item} on the website – it's there under another name
d Searching "{item}" gives no results{| or completely unrelated things}. {The product is listed under a different name.|Filters reset every time.}
q I assumed you didn't sell it.
g Make search handle typos and common names.
r The search now handles typos and common names – released on {date}.

@ pain website_app at=* ch=web_app|web_app,chat ct=e5u3p2 sev=1-2
s {App|Website} {too slow|keeps logging out|full of pop-ups}
s Cookie banner and pop-ups on every page of the {website|app}
d Customer said it takes ages to load on {device} and asks about cookies on every page. {They shop on the bus with poor signal.|Older customer found it confusing.}
q I just want to see the price.
g A lighter mobile site.

@ pain website_app/it at=* ch=web_app,in_store:.3|web_app,chat,phone ct=e5u5 sev=2-3 sw=.05
s Website {accessibility|screen reader} problem at {app_page}
s Customer with {sight loss|a screen reader} can't use {app_page}
d {Buttons have no labels so the screen reader says "button, button, button".|Text can't be enlarged in the app.|Contrast on the grey buttons is too low.} Customer relies on online shopping.
q I can't see the screen, so I rely on my phone reading it out. Yours doesn't.
q! Other shops manage it. I'll shop where I can actually use the website.
g Test the app with a screen reader before each release.
r Button labels were added and tested with a screen reader in the release on {date}.

@ pain website_app at=* ch=web_app,email|web_app,email,chat ct=e7u3 sev=2-3
s Order confirmation email {shows the wrong items|has no order number|never arrived}
d Customer got an order email with {the wrong delivery date|someone else's item listed|no details}. They're worried the order is wrong.
q Is my order right or not?
a Checked the order on the system and confirmed it was correct.

@ pain website_app at=* ch=web_app,in_store|web_app,chat,phone ct=e6u4 sev=2-3
s Price on the {app|website} {changed in the basket|different at checkout}
s Basket price jumped at checkout for {item}
d Added {item} at {amount}, at checkout it showed {higher}. {A promotion ended while they were shopping.|Delivery costs added late.}
q It changed while I was paying. That's not right.
a Honoured the lower price by phone order.

# ---- invoices and billing ---------------------------------------------------------------

@ pain invoice_error at=* ch=email,in_store|email:2,phone:2,chat ct=e8u2 sev=2-4 sw=.12 w=2
s Invoice {wrong|doesn't match the order} – customer charged for {item} they returned
s Credit note for returned {item} never came through
d Customer returned {item} {ago} and the credit note never came through. {It's a business customer who pays on account.|They've asked twice.}
q I've sent the credit note request three times.
q! If I have to chase every invoice I'll move our account elsewhere.
a Raised a credit note request with the invoicing team and emailed the customer the ticket reference.
r The invoicing team issued the credit note and changed the process so returns trigger it automatically.

@ pain invoice_error at=* ch=email,in_store|email:2,phone:2,chat ct=e8u2 sev=2-3 sw=.08
s Customer invoiced twice for the same order{| – {two different invoice numbers|one already paid}}
s Duplicate invoice sent to a {business|trade|regular} customer
d Two invoices for the same order, with different numbers. {Their accountant is asking which one to pay.|One has already been paid.}
q Which one am I supposed to pay?
a Asked the invoicing team to cancel the duplicate and confirm in writing.

@ pain invoice_error at=* ch=email,in_store|email:2,phone:2,chat ct=e8u2 sev=2-3 sw=.08 w=2
v fault: VAT number missing | wrong company name | old address | no order reference
s Invoice with {fault}{| – customer needs it corrected}
d The invoice has {fault}. {Their accountant rejected it.|It's a business customer who pays on account.}
q My accountant won't accept this invoice.
q! If I have to chase every invoice I'll move our account elsewhere.
a Raised a corrected invoice request with the invoicing team and emailed the customer the ticket reference.
g Let us correct the name on an invoice at the desk.
r The invoicing team found a bug in the invoice template; corrected invoices went out on {date}.
x The invoice layout is fixed by the accounting system; changes are planned for next year.

@ pain invoice_error at=d ch=in_store,email|email,phone ct=e8u2 sev=2-4 sw=.15 w=2
s Trade account statement {wrong|missing deliveries|shows old prices}
s Trade customer's monthly invoice {charges delivery twice|missing the trade discount}
d {The trade discount wasn't applied to {n} orders.|Delivery charged on every drop instead of once a week.} {Customer spends a lot with us every month.|They've had this three months running.}
q I'm not paying a penny until it's sorted.
q! Three months in a row. We'll go to the builders' merchant.
a Raised it with accounts and put the payment on hold so they don't get chased.
r Invoices now show the trade discount on every line, from {date}.

@ pain invoice_error at=c ch=email,phone ct=e8u2 sev=2-3 sw=.05
s Customer {can't download|never got} their invoice{| from the account page}
d {The invoice download gives an error.|The invoice is only sent by post.} Customer needs it for {a warranty claim|their tax return|an insurance claim}.
q I need the invoice for my insurance and it's not there.
a Sent the invoice as a PDF from the billing system.
r Invoices are now downloadable from the account page, from {date}.

@ pain invoice_error/invoicing at=r ch=in_store ct=e5u5 sev=1-2
s Receipt {printer out of paper|faded|unreadable} – customer needs it for returns
d Thermal receipts fade within weeks. Customer couldn't return {item} because the receipt was blank.
q It's blank. How is that my fault?
g Email receipts as an option at the till.
r Email receipts are available at every till from {date}.

@ pain payment/accounting at=c ch=phone,email ct=e8u2 sev=2-3 sw=.1
s {Direct debit|Card payment} {taken twice|taken early|failed} for {subscription|finance|the monthly plan}
d Customer on a payment plan for their {new kitchen|laptop|washing machine|garden furniture}. {Payment taken on the 1st instead of the 15th.|Failed payment charged a fee, but their card was fine.} {Customer is on a tight budget.|It caused their rent to bounce.}
q You took it two weeks early and now my rent bounced.
q! Cancel the plan. I'll pay it off and never use you again.
a Refunded the fee and asked accounts to check the plan.
r Accounts fixed the payment date on all plans affected; the fee was refunded.

@ pain payment/accounting at=c ch=phone,chat,email ct=e6u4 sev=2-3
s Pay-later application refused, customer {embarrassed|angry}
d Customer applied for pay-later on {item} and was refused without a reason. {They've used it before with us.|They think it's affected their credit score.}
q You could have told me why.
a Explained the provider decides and gave them the provider's contact.

# ---- refunds and returns ----------------------------------------------------------------

@ pain refund at=* ch=in_store,email,phone|phone:3,email:2,chat:2 ct=e8u2 sev=2-4 sw=.15 w=4
s Refund for {item} {not received after {days} days|still pending}
s Customer still waiting for refund – returned {days} days ago
d {Returned in store {ago}, no money back yet.|Courier has the parcel as delivered to the warehouse.|Refund went to a card that's been cancelled.} {Customer has called {times}.|Customer needs the money.}
q It took you seconds to take my money.
q I've been told "5 to 7 working days" three times now.
q! Give me my money back and I'll never shop here again.
a Escalated to accounts and promised a callback by {day}.
g Show the refund status in the app.
r Fixed – the refund was stuck in the system; the accounts team have cleared the backlog.
r Refund rules are now explained on the receipt and at the desk from {date}.

@ pain refund at=r ch=in_store ct=e6u4 sev=2-3 sw=.1 w=3
v why: no receipt | no gift receipt | past 30 days
s Return refused – {why}
s Customer unhappy we couldn't refund {item} – {why}
d Return of {item} refused ({why}); policy says no refund. {We could only offer store credit.|Customer got very upset at the desk.}
q Really? For {bare}?
q! Keep your store credit. I won't be back.
a Offered store credit and logged it for the manager.
g Let us find the transaction by card when there's no receipt.
r Managers can now approve refunds up to a higher limit without calling head office.
x The returns policy is group-wide; we can't make exceptions at store level.

@ pain refund at=fedc ch=in_store,web_app|phone,email,chat,web_app ct=e7u3 sev=2-3 sw=.1 w=2
s Online return can't be done in store
s Customer {had to post|told to send back} {item} {– can't return it in store|at their own cost}
d Bought online, wanted to return at the store. {System won't accept online orders at the till.|Marketplace items can only go back by post.} Customer had to queue at the post office.
q You're the same company!
q! Next time I'll buy from {competitor}, at least they take returns anywhere.
g Let every till take back online orders.
r Online orders can be returned at any store from {date}.

@ pain refund/accounting at=* ch=in_store,phone|phone,email ct=e7u3 sev=2-3
s Refunded to the wrong {card|account}
s Partial refund only – customer expected full amount
d {Refund went to a gift card instead of the original payment.|Delivery fee wasn't refunded.|Only {amount} of {higher} came back.} Customer doesn't understand why.
q Where's the rest of my money?
a Checked the receipt and raised the difference with accounts.

@ pain refund at=f ch=in_store ct=e6u4 sev=1-2
s Returns desk queue and the {long form|ID check} for a simple return
d Returning one item takes {mins} minutes because the till needs a reason code, their address and a manager code. {Queue built up.|Customer was in a hurry.}
q Why do you need my address to give me my money back?
g Drop the address for returns under a certain amount.

# ---- the contact centre ---------------------------------------------------------------

@ pain contact_centre at=c ch=phone,email,chat ct=e7u3 sev=2-3 sw=.12 w=3
s Customer had to explain their problem {times} to different agents
s Customer passed between {n} agents, repeating everything
d No notes on the account from earlier calls, so each agent started from scratch. Customer is {fed up|furious|tired}.
q Every time I call I start from the beginning.
q! I'm done with you lot. I'm going to {competitor}.
a Took ownership, gave my name and wrote full notes on the account.
g Notes from every contact visible to the next agent.
r The account now shows notes from all channels, from {date}.

@ pain contact_centre at=c ch=phone,email,chat ct=e7u3 sev=2-3 sw=.12 w=2
s Callback promised {ago}, never happened
s Customer still waiting for the callback we promised
d The callback was logged but never assigned to anyone. Customer is {fed up|furious|tired}.
q Nobody ever calls back when they say they will.
q! I'm done with you lot. I'm going to {competitor}.
a Took ownership, gave my name and booked the callback in my own diary.
r Every callback now goes to a named agent, from {date}.

@ pain contact_centre at=c ch=email ct=e7u3 sev=2-3 sw=.1
s Email to customer services unanswered for {days} days
d The email queue is {days} days behind. Customer wrote again, angrier.
q I emailed you {days} days ago.
q! {days} days for an answer. I'll take my business elsewhere.
a Answered by phone straight away and closed the email.
g An automatic reply with the real waiting time.
r Extra agents were moved onto email until the backlog cleared on {date}.

@ pain contact_centre at=* ch=in_store,phone|phone,chat ct=e6u4 sev=1-3 sw=.05 w=2
s Store phone rings out – customers can't get through to the store
s Customer {says|complained} nobody answers the store phone
d Calls to the store go to a central line that can't answer local questions{| and then can't transfer}. {Customer drove in to ask a simple question.|Customer just wanted to know if we had {item}.}
q I rang {times} and it just rang out.
g A direct line to the service desk for stock questions.
r Calls about stock are now transferred to the service desk from {date}.

@ pain contact_centre at=c ch=phone ct=e6u4 sev=2-3 sw=.05
s Phone menu {too long|loops back|no option for my problem}
d Customer went through the menu {times} before reaching anyone. {None of the options fitted.|Pressing 0 hangs up.}
q I just want to talk to a human being.
g Fewer options and a "speak to someone" option.
r The phone menu was shortened from six options to three.

@ pain contact_centre at=c ch=chat,web_app ct=e6u4 sev=1-3 sw=.05 w=2
s Chatbot {couldn't answer|went in circles|wouldn't hand over to a person}
d Customer spent {mins} minutes with the chatbot before reaching an agent. {It kept suggesting FAQ articles.|It didn't understand "refund".}
q Your robot kept sending me the same link.
q! If I can't talk to a person I'll shop where I can.
g An "agent please" button from the first message.
r The chatbot now offers a person after two failed answers, from {date}.

@ pain contact_centre/hr at=c ch=phone,chat ct=e6u4 sev=2-3
s Only English spoken on the {evening|weekend} line
d Customer called in {Polish|German|French|Dutch|Spanish} at {time}; no agent with the language on shift. {We used the translation tool but it was slow.|They hung up.}
q I asked for someone who speaks my language.
g Put language skills on the evening rota.
r The rota now covers the five main languages until 8pm, from {date}.

@ pain contact_centre at=c ch=phone,chat,email ct=e7u3 sev=2-3
s Customers complain our {opening hours|weekend hours} are too short
d {We close at 6 on Saturdays and Sundays are closed.|Many of our callers work daytime.} Several calls on {day} asking why nobody answered yesterday.
q Some of us work during the day, you know.
r We've added evening cover on the phone lines from {date}.
x Opening hours are set by the contract with our contact centre partner until next year.

# ---- complaints ---------------------------------------------------------------------

@ pain complaint_handling at=* ch=in_store,phone,email|phone,email,chat,social ct=e7u2f1 sev=3-4 sw=.2 w=3
s Complaint {not resolved after {weeks} weeks|closed without an answer}
s Customer escalating – complaint {ignored|bounced between departments}
d Customer complained about {item} {weeks} weeks ago. {The case was closed automatically.|Each department said it was the other's problem.|They got a template reply that didn't answer the question.} {Now they want to speak to someone senior.|They're talking about the ombudsman.}
q I don't want a voucher, I want an answer.
q! {weeks} weeks and nothing. I'm telling everyone I know not to shop with you.
a Took it over, logged a case and promised a reply from the manager by {day}.
g One named person per complaint until it's closed.
r We've contacted the customer, apologised and put things right.
x We reviewed the case: the customer was given the right answer under our policy.

@ pain complaint_handling at=* ch=in_store,phone|phone,email ct=e7u3 sev=2-3 sw=.1
s Goodwill gesture {too small|insulting} – customer refused the voucher
d After {a missed delivery|a faulty item|a long wait} customer was offered {a small voucher|10% off the next order}. {They felt it was an insult.|They'd spent hours on it.}
q A voucher? I took a day off work for this.
g Let team leaders offer a bigger gesture without head office approval.
r Team leaders can now offer a goodwill gesture without approval from head office.

@ pain complaint_handling at=c ch=social,email ct=e5u5 sev=3-4 sw=.2 w=2
s Angry {post|review} about us {going viral|with lots of shares}
s Customer posted about {a missed delivery|a rude answer|a refund} on social media
d Post has {n}00 shares and lots of "same here" replies. {We replied with the standard message and it made it worse.|The original issue is genuine.}
q! Never shopping here again. Tell your friends.
a Replied publicly with a real name and moved the conversation to private messages.
g Let the social team fix simple problems without passing them on.

@ pain complaint_handling/customer_service at=c ch=email,phone ct=e7u3 sev=2-3 sw=.05
s Customer got a reply in {English|the wrong language} to a {German|French|Polish|Spanish} email
d Template reply in the wrong language. {Customer used a translation tool and felt dismissed.|They wrote again, angrier.}
q Can't you even answer in my language?
r Email replies now go out in the language the customer wrote in.

# ---- marketing and communication ------------------------------------------------------

@ pain advertising at=* ch=email,in_store|email,phone,chat,social ct=e6u2f2 sev=1-2 sw=.08 w=2
s {Too many|Daily} marketing emails – customer wants to unsubscribe
s Unsubscribe link {doesn't work|still sending emails after {weeks} weeks}
d Customer unsubscribed {weeks} weeks ago and still gets emails {every day|twice a week}. {They've marked us as spam.|They're annoyed enough to stop shopping.}
q I've unsubscribed three times.
q! Stop emailing me or I'll stop shopping with you.
a Removed them from the lists manually and noted it on the account.
r The unsubscribe bug was fixed by marketing on {date}; we've checked the customer is off every list.

@ pain advertising at=r ch=in_store,social|social,email,phone ct=e5u3p2 sev=2-3 sw=.08
s Leaflet price for {item} wrong{| – customers expect {amount}}
s Advert shows {item} at {amount}, it's {higher} in store
d The {leaflet|email|social media ad} has a misprint. {Lots of customers asking at the till.|We're honouring it but the till won't.} No notice from marketing.
q It's in your own leaflet!
a Honoured the leaflet price with a manager override.
g Tell stores when there's a misprint so we can put a sign up.
r Marketing have corrected the leaflet and put a notice in store.

@ pain advertising/marketing at=* ch=in_store,social|social,email ct=e4u3p2f1 sev=1-3 sw=.05
s Customer found our {ad|campaign} {offensive|insensitive|tone-deaf}
d Customer felt the {billboard|social campaign} about {the sale|body image|Christmas} was in poor taste. {They've posted about it.|They were calm but serious.}
q I expected better from you.
x The campaign is national and has already run its course; feedback passed to marketing for next time.

@ pain advertising at=* ch=email,web_app|email,chat ct=e6u4 sev=1-2
s Marketing email {had a broken link|linked to a page that doesn't exist}
d The email on {day} linked to a page that doesn't exist. Several customers mentioned it.
q Your email links to nothing.
r Marketing fixed the link the same day and now test every link before sending.

@ pain advertising at=* ch=email,web_app|email,chat ct=e6u4 sev=1-3 sw=.05
s Marketing email advertised {item}, {out of stock|sold out} {everywhere|online and in store}
d The email on {day} promoted {item}; it was sold out by the time people clicked. Several customers mentioned it.
q Why email me about something you haven't got?
r We've asked marketing to check stock before promoting items online; they've added it to their checklist.

@ pain advertising at=r ch=in_store ct=e5u5 sev=1-2
s Opening hours {on the door|online|on the map} wrong
d Online it says we open at 8 on Sundays; we open at 10. {Customers waiting outside.|Customer drove in for nothing.}
q Google said you were open.
a Told the customer the real hours and reported it.
r Opening hours were corrected on every listing on {date}.

# ---- other, and other channels ----------------------------------------------------------

@ pain other at=r ch=other,in_store ct=e5u3p2 sev=1-2 w=2
s Customer stopped me {in the car park|at the bus stop|at the school gate} about {a refund|the new opening hours|a delivery}
s Heard from a neighbour that {our store has a bad name for returns|people think we're closing}
d {Outside work, but they recognised the uniform.|At the community fair.} {They've been meaning to tell someone.|They said they'd stopped coming because of it.}
q You work there, don't you? Can you tell them…
g A "tell us" card customers can fill in when there's nobody to ask.

@ pain other/store_ops at=r ch=other,in_store ct=e5u5 sev=1-3
s Customer {letter|card|note} left at the desk about {the changes|the noise|the refit}
d {Handwritten letter.|Left anonymously in the suggestion box.} {About the noise from the refit starting at 6am.|About the music and the lights.}
g Answer letters in writing even when they're anonymous – put the answer on the noticeboard.

@ pain other/customer_service at=* ch=other,phone|phone,email,other ct=f5u3e2 sev=1-3 sw=.05
s Former customer {wrote in|got in touch} to say why they left
s Customer who stopped shopping with us explained why
d {They used to shop every week but stopped after the loyalty changes.|They moved to {competitor} after a refund went wrong.|Said prices crept up and the quality went down.} {They'd come back if it was fixed.|They weren't angry, just disappointed.}
q I was a customer for years. Nobody asked why I stopped.
g Ask people who cancel their loyalty card why.
"""
