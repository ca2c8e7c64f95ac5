"""More situations: format-specific services, gift cards, accounts, prospects and
former customers, and the systems behind the counter."""

TEXT = """
# ---- grocery ------------------------------------------------------------------------------

@ pain store_environment/facilities at=g ch=in_store ct=e6u4 sev=2-3 sw=.05 w=2
s Bottle return machine {full|broken|not taking cans} {again|on {day}|since {time}}
d {Machine has been full since the morning and nobody emptied it.|It rejects every third bottle.} Customers with bags of bottles had to take them home again.
q I've carried these here for nothing.
a Took the bottles at the till and gave a handwritten voucher.
g A second machine, or empty it on the hour at weekends.
r The bottle machine is now emptied every hour on Saturdays and a second one is on order.

@ pain promotion at=g ch=in_store ct=e6u4 sev=1-2 sw=.05 w=2
s Meal deal {didn't apply|rules confusing} – {drink not included|snack not in the deal}
d Customer picked {item} as part of the meal deal; the till charged it separately. {The sign doesn't say which items count.|The new range isn't set up in the deal.}
q How am I supposed to know which crisps count?
a Applied the deal manually.
g Label meal-deal items on the shelf.

@ pain product_quality/product at=g ch=in_store ct=e5u5 sev=2-4 sw=.05
s No allergen information at the {deli|hot food counter|bakery}
s Customer with a nut allergy couldn't find ingredients for {the bakery bread|the hot food}
d {Loose bakery items have no labels.|The allergen folder at the counter is out of date.} Customer had to leave without buying.
q I can't take the risk without knowing.
a Checked the allergen folder with them; it didn't list the new items, so I told them not to risk it.
r Allergen sheets for every loose item are now at the counter and updated with every new line.

@ pain range_gap/product at=g ch=in_store,social ct=e4u4p2 sev=1-2 w=2
s Customers asking for less plastic – {fruit in plastic bags|no refill option|cling-wrapped veg}
d {Cucumbers wrapped in plastic.|Loose fruit is dearer than packed.} Customers notice and mention it more and more.
q Why is the loose one more expensive than the packed one?
g Loose fruit and veg at the same price per kilo as packed.

@ pain out_of_stock at=g ch=in_store ct=e6u4 sev=1-2
s Reduced items {gone at opening|taken by the same few people}
d Reduced stickers go on at 7am and a few customers clear the shelf. {Regulars feel it's unfair.|Some reduced items end up resold.}
q You never have anything reduced when normal people come in.
g Put reductions on at different times across the day.

@ pain staff_availability at=g ch=in_store ct=e6u4 sev=2-3 sw=.05
s Hot food counter closed {early|at {time}} – customers came for lunch
d The counter closed because nobody was trained to cover it. {Customers came specifically at lunchtime.|Office workers from next door come every day.}
q Every day at one o'clock it's closed.
r Two more people were trained on the hot counter; it now stays open until 3.

@ pain complaint_handling/store_ops at=g ch=in_store ct=e5u5 sev=1-2
s Customer refused alcohol sale {without ID|because their partner had no ID}
d Customer was {in their 30s|clearly over 25} but had no ID. {Policy says we can't sell.|Their partner was with them and had no ID either.} They were embarrassed and angry.
q I'm 34!
a Explained the law and the policy calmly.

@ pain payment/accounting at=g ch=in_store ct=e6u4 sev=1-2
s Card minimum spend {at the kiosk|for small purchases} annoys customers
d The kiosk needs a minimum card spend. {Most people don't carry cash now.|Customer just wanted a newspaper.}
q Nobody carries cash any more.
g Drop the minimum spend.

# ---- fashion ----------------------------------------------------------------------------

@ pain payment/store_ops at=f ch=in_store ct=e7u3 sev=2-3 sw=.1 w=2
s Security tag left on {item} – alarm went off {in another shop|at home}
d Customer couldn't wear {item} because the tag was still on. {They came back specially.|The alarm went off when they walked into another shop.} {Very embarrassed.|Very angry.}
q I had to come all the way back for this.
q! Everyone stared at me. I won't be back.
a Took the tag off, {sorry} and gave a 10% voucher.
g A tag check at the till: run each item past the detector.

@ pain range_gap/product at=f ch=in_store ct=e5u3p2 sev=1-2
s Customer{s| again} asking for an alterations service{| for {trousers|suits|dresses}}
d Customer wanted {trousers shortened|a sleeve taken in}. {We used to offer it.|The place down the road charges a lot.}
q I'd buy the suit today if you could take the trousers up.
g Partner with a local tailor.

@ pain store_environment at=f ch=in_store ct=e5u5 sev=1-2
s Fitting room {limit of {n} items|one-in-one-out} frustrates customers
d Customers with {n} items have to queue twice. {The limit is there for security, but nobody is on the door to count anyway.|A mum with two kids gave up.}
q I've got to queue again for one more thing?
g Raise the limit to 8 when someone is on the door.

@ pain promotion/pricing at=f ch=in_store ct=e6u4 sev=1-3 sw=.08 w=2
s Sale rail mixed with full-price items
s Customer took {item} from the sale rail, rang up full price
d Full-price items get put back on the sale rail after fitting. {Lots of arguments at the till.|Happened five times today.}
q It was on the sale rail!
a Gave the sale price.
g Sort the sale rails every two hours.

@ pain product_quality/product at=f ch=in_store,social ct=e4u3p3 sev=1-2
s Customer{s| again} asking {where our clothes are made|who makes {item}|about the factories we use}
d Customer asked about {working conditions|the cotton|recycled materials} for {item}. {We couldn't answer.|The label just says the country.}
q Do you actually know who made this?
g A simple sheet about suppliers at the tills.

@ pain refund at=f ch=in_store,web_app ct=e7u3 sev=1-3 sw=.05
s Customer {charged|unhappy about paying} for returns by post{| – used to be free}
d Returns by post now cost {fee}. {Customer didn't know until they tried.|Customer says it's the reason they'll order less.}
q I'll just buy in the shop then. Or not at all.
x Return postage is charged group-wide because of costs; returns in store stay free.

@ idea store_environment/store_ops at=f ch=in_store ct=e5u5 sev=-
s Idea: {a "call for another size" button in each fitting room|a bell in the fitting rooms for another size}
d Customers half-dressed can't come out to ask for another size. We lose sales.
g A bell in each cubicle, like in {competitor}.

# ---- electronics -----------------------------------------------------------------------

@ pain promotion/pricing at=e ch=in_store ct=e5u3p2 sev=2-3 sw=.12 w=2
s Customer felt pushed into buying the {extended warranty|set-up service|insurance}
d {Customer said they were asked three times.|Till prompts us to offer it every time.} {They felt pressured.|They were an older customer and confused about what it covers.}
q I said no twice. Stop trying to sell me things.
q! This is why I buy online.
g Offer it once, explain it clearly, and leave it.
r We've stopped the repeated warranty prompt at the till. Offer it once, explain it, move on.

@ pain price_label/pricing at=e ch=in_store ct=e5u3p2 sev=1-3 sw=.1
s Set-up service price {too high|not shown anywhere}
d Customer was charged {amount} to set up {item}; they say it took ten minutes. {Price isn't on the display.|They weren't told before.}
q {amount} for ten minutes?
g Show the service prices at the tech desk.

@ pain refund at=e ch=in_store ct=e6u4 sev=2-3 sw=.1
s Opened {item} can't be returned{| – customer changed their mind}
d Customer opened the box and doesn't want it. {Policy says sealed only for this category.|Website says 30-day returns, no mention of sealed.}
q Your website says 30 days, nothing about the box.
a Checked with {manager}, accepted it as an exception.
g Make the website match the in-store rule.

@ pain product_quality/product at=e ch=in_store,phone ct=e6u4 sev=2-3
s Compatibility problem: {item} with {device}
s {item} not compatible with the customer's {phone|laptop|TV}
d We told them it was compatible. {It needs an adapter.|Only works with the newest models.} They bought it on our advice.
q Your colleague told me it would work.
a Swapped it for the right version.
g A compatibility checker on the tablet at the stand.

@ pain delivery_late at=e ch=in_store,delivery ct=e7u3 sev=2-3 sw=.1
v appliance: washing machine | fridge | dishwasher | cooker
s Old {appliance} not taken away as promised
d Customer paid for removal of the old {appliance} but the crew left it. {Now it's in their hallway.|They were told to book it separately.}
q I paid for it to be taken away.
a Booked a collection for {day} and refunded the removal fee.

@ pain staff_knowledge at=e ch=in_store ct=e5u5 sev=2-3
s Data transfer to new {phone|tablet} failed{| – customer lost photos| halfway}
d {colleague} started the transfer; it failed halfway and some photos didn't copy. {Customer is very upset.|Photos of their late father.}
q Those photos can't be replaced.
a Spent an hour recovering what we could from the old phone.
g A checklist for transfers, with a backup first.

@ idea staff_knowledge/product at=e ch=in_store ct=e5u5 sev=-
s Idea: free "set up your new {device|phone|tablet}" sessions {on Saturday mornings|once a month}
d Lots of older customers buy a tablet and come back confused. {A group session would save many one-to-ones.|Good for sales too.}
g A one-hour free class, once a month to start.

@ praise refund at=e ch=in_store ct=e7u3
s Customer thanked us for the no-quibble swap on {item}
d Faulty after {days} days, we swapped it straight away. Customer had expected a fight.
q That's why I buy from a shop and not online.

# ---- DIY -----------------------------------------------------------------------------

@ pain product_quality at=d ch=in_store ct=e6u4 sev=1-2
s Key cut wrong{| – second time}
d Customer's key doesn't turn in the lock. {Machine needs adjusting.|New colleague on the machine.} They came back {n} days later.
q I got locked out last night because of this.
a Recut it and checked it on the spot.

@ pain product_quality at=d ch=in_store ct=e6u4 sev=1-3 sw=.05 w=2
s Plants {died within a week|arrived with pests|root-bound} – customer wants a refund
d Customer bought {n} {rose bushes|shrubs|herbs} on {day}; they're dying. {Garden centre watering was missed over the weekend.|The delivery sat in the sun.}
q I planted them exactly as the label said.
a Refunded under the plant guarantee.
r The garden centre now has a weekend watering rota and a plant guarantee sign.

@ pain delivery_late/shipping at=d ch=delivery,phone ct=e8u2 sev=2-4 sw=.15
s Heavy delivery left at the kerb – {timber|bags of cement|paving slabs}
d The driver dropped the pallet on the pavement and left. {Customer is elderly.|It blocked the road.} They thought it would go to the garden.
q I can't lift 40 bags of cement.
q! I'll use the builders' merchant next time.
a Booked a crew to move it and refunded the delivery.
g Say clearly on the order whether delivery is kerbside.

@ pain staff_availability at=d ch=in_store ct=e6u2p2 sev=1-3
s Timber cutting service {closed|only until 4pm} on {day}
d Customers planning weekend jobs come on Saturday afternoon. {The saw stops at 4.|Only one person trained.}
q The sign says we cut to size. When?
r Saw hours are now shown at the entrance, and a second person was trained.

@ pain range_gap at=d ch=in_store ct=e5u3p2 sev=1-2
s Customers want small quantities – {a few screws|one tile|half a litre of paint}
d Everything is in big packs. {Customer needed four screws and had to buy two hundred.|Customer wanted a tester pot.}
q I need four screws, not two hundred.
g Loose screws by weight, like the old hardware shops.

@ praise store_environment at=d ch=in_store ct=e6u4
s Garden centre looks {amazing|beautiful} this spring
d Customers keep saying the new displays give them ideas. {Several bought the whole planter set-up.|Someone took photos to show their partner.}
q I came for compost and left with half the garden.

@ idea range_gap/product at=d ch=in_store,other ct=e4u4p2 sev=-
s Idea: sell {offcuts|timber offcuts|damaged boards} cheaply
d We throw away lots of offcuts from the timber cutting. {Customers ask for them for small projects.|Schools and makers would take them.}
g An offcut bin at half price by the saw.

# ---- gift cards, accounts, memberships -----------------------------------------------------

@ pain payment/accounting at=* ch=in_store,phone|phone,email,chat ct=e6u4 sev=2-3 sw=.08 w=2
s Gift card {balance wrong|shows zero|expired} – customer had {amount} on it
d {Card bought as a present shows no balance.|Card expired after 12 months, customer didn't know.} {They have the receipt for it.|It was a Christmas present.}
q It was a present, I never even used it.
a Noted the card details and raised it with accounts.
g Show the expiry date on the card itself.
r Accounts restored the balance, and gift cards no longer expire within two years.

@ pain payment/accounting at=* ch=web_app,in_store|web_app,phone,chat ct=e6u4 sev=1-2
s Gift card can't be used online{| – only in store}
d Customer tried to use a gift card on the website; it's not accepted. {The card says "valid everywhere".|They live far from a store.}
q It says "use anywhere".

@ pain loyalty at=c ch=phone,email ct=e6u2f2 sev=2-3 sw=.1
s Customer wants to close their account{| – process too hard| – asked {twice|three times}}
d {The website has no way to close an account.|They've asked by email twice.} They want it closed and their marketing consent removed.
q Why is leaving harder than joining?
a Raised the closure request and confirmed marketing is switched off.
r Account closure is now a button in the account settings.

@ pain website_app/it at=c ch=email,phone,chat ct=e6u4 sev=3-4 sw=.1
s Customers receiving {fake|phishing} emails pretending to be us
d Several customers forwarded an email offering a "refund" from us that asks for card details. {Looks very convincing.|One customer nearly entered their details.}
q Is this from you? It looks real.
a Told them not to click and forwarded it to IT security.
g A warning banner on the website.
r IT have reported the fake site and put a warning on the homepage.

@ pain contact_centre/customer_service at=c ch=email,phone ct=e6u4 sev=2-3
s Data request {took too long|never answered} – customer asked what we hold about them
d Customer asked for a copy of their data {weeks} weeks ago. No reply. {They're mentioning the regulator.|They're not angry yet, just persistent.}
q The law says a month.
a Passed it to the data protection team marked urgent.

@ pain invoice_error/invoicing at=c ch=email,phone ct=e8u2 sev=2-3 sw=.05
s {Business|Trade} customer needs a purchase order number on every invoice
d Their finance team rejects invoices without the PO number. {There's no field for it at checkout.|It gets lost between order and invoice.}
q Our finance team sends back every invoice you send us.
g A purchase order field at checkout for business accounts.

@ pain complaint_handling/customer_service at=c ch=phone,email ct=e5u5 sev=2-4 sw=.15
s Customer {disputing|challenging} a charge with their bank instead of talking to us
d Customer says they'd tried us first and gave up. {Now it's a chargeback.|They raised it because nobody answered their email.}
q I tried you first. Nobody answered.

# ---- prospects and former customers -------------------------------------------------------

@ pain delivery_late/shipping at=* ch=in_store,phone,web_app|phone,chat,web_app ct=p7u3 sev=1-2 sw=0 w=2
s Prospect asked if we deliver to {the islands|their village|a business address} – we don't
d Customer wanted to order {item} but we don't deliver to their area. {They ordered from {competitor} instead.|They asked if we'd start soon.}
q Shame, I'd have ordered today.
g List the areas we don't deliver to and when that might change.

@ pain invoice_error/accounting at=d ch=in_store,phone|phone,email ct=p8u2 sev=1-3 sw=.05
s Trade account application {taking weeks|needs too many documents}
d Local builder wants a trade account. {Applied {weeks} weeks ago, no answer.|Form asks for three years of accounts; they're a new business.}
q I'll spend thousands a year with you if you let me.
a Chased the accounts team and gave them a direct contact.
g A simple trade account for new businesses with a lower limit.

@ pain store_environment/facilities at=r ch=in_store ct=p6u4 sev=1-2
s First-time customer couldn't find {the entrance|the store in the centre|the car park entrance}
d {Signs from the main road point the wrong way.|The entrance is round the back.} They nearly gave up.
q I walked round the whole building.
g A sign at the car park and on the main road.

@ pain range_gap/product at=edc ch=in_store,web_app|phone,chat,web_app ct=p7u3 sev=1-2
s Prospect asked for {a business account|bulk pricing|a quote for a whole order}
d Small business owner wants {item} in bulk for {a new office|their staff|a holiday let}. {We have no quote process in store.|The website only does retail.} They'll go to a wholesaler.
q Do you do business pricing at all?
g A simple quote form and someone who calls back within a day.

@ pain loyalty/marketing at=r ch=in_store,other ct=f7u3 sev=2-3
s Former customer came back after {a year|two years} – {loyalty account deleted|points gone}
d They used to shop weekly, left after a bad experience. {Their points expired while they were away.|Their account was closed for inactivity.} They'd have liked a welcome back.
q So I'm starting from zero?
g Restore old points when someone comes back within two years.

@ pain price_label/pricing at=* ch=in_store,other|phone,email,other ct=f6u4 sev=2-3 w=2
s Former customer: "You used to be the cheap option"
s Lapsed customer says we're {not cheaper any more|dearer than {competitor}|not worth it any more}
s Used-to-be regular says {prices crept up|the offers stopped|delivery went up} so they left
d They left because {prices crept up|the offers stopped|delivery fees went up}. {They compare us with {competitor} now.|They only came in for one thing today.}
q I used to do my whole shop here.
g Tell customers about our price promise; many don't know it exists.
r We've put our price promise on every till and in the app from {date}, so customers know.
x Prices are set group-wide; we've passed this on to the pricing team.

@ pain delivery_late/shipping at=* ch=phone,email,other|phone,email,other ct=f7u3 sev=2-3
s Customer left us for {competitor} because of delivery fees
d {Free delivery threshold went up.|Delivery costs more than the item.} They cancelled their subscription.
q Delivery shouldn't cost more than what I'm buying.
x Delivery charges are set group-wide; we've passed this on for the annual review.

@ praise complaint_handling at=* ch=phone,email,other|phone,email,other ct=f8u2
s Former customer {won back|returned} after our {apology|follow-up call}
d {We called them after their complaint was closed.|The manager wrote to them personally.} They said nobody had ever done that.
q I was ready to leave for good. Thanks for calling.

@ idea loyalty/marketing at=* ch=other,phone|phone,email,other ct=f6u4 sev=-
s Idea: ask customers who leave why{| – a short call or email| – two questions by email}
d We don't know why people stop shopping with us. A two-question email when a loyalty card goes quiet would tell us.
g Two questions, sent after three months of no visits.

# ---- systems behind the counter (IT) -------------------------------------------------------

@ pain website_app/it at=r ch=in_store ct=e5u5 sev=2-3 sw=.05 w=2
s Handheld scanners {down|won't connect} – can't check stock for customers
d The handhelds haven't connected since {day}. {We can't check stock in the back or at other stores.|Customers wait while we walk to the office PC.}
q Can't you just look it up?
a Checked on the office PC.
g Spare handhelds and a faster fix from IT.
r IT replaced the wireless access point in the stockroom on {date}.

@ pain payment/it at=r ch=in_store ct=e5u5 sev=2-4 sw=.1 w=2
s Till system {slow|frozen|restarting} {at {time}|on {day}|all morning}
d All tills froze for about {mins} minutes. {Queue out to the car park.|Card payments only worked on one till.} Customers left baskets.
q Is it broken again?
q! I'm not standing here all day, I'll go elsewhere.
a Took cash only on the one working till and apologised to the queue.
r IT fixed the till server update that caused it; it shouldn't happen again.

@ pain website_app/it at=r ch=in_store ct=e5u3p2 sev=1-2
s Customer Wi-Fi {not working|needs too much personal info to log in}
d Customers want to check prices or show us a screenshot; no signal in the store and the Wi-Fi doesn't connect. {The login page asks for email and phone.|It's been down for a week.}
q There's no signal in here at all.
g Simple Wi-Fi without a sign-up form.

@ pain price_label/it at=r ch=in_store ct=e5u5 sev=1-2
s Electronic shelf labels {blank|showing old prices} in {area}
d {Batteries dead on about {n}0 labels.|Labels didn't update overnight.} Customers can't see prices.
a Printed paper labels as a stop-gap.
r IT replaced the label batteries and fixed the overnight update.

@ idea website_app/it at=r ch=in_store ct=u8e2 sev=-
s Idea: {show the customer's online order history at the till|let us see online orders at the service desk}
d Customers come in about online orders and we can't see them. {We send them to the phone line.|It wastes everyone's time.}
g Read-only access to online orders on the till.

# ---- social and other channels ------------------------------------------------------------

@ pain store_environment at=r ch=social,in_store ct=e5u5 sev=2-3 sw=.05
s Customer posted photos of {messy shelves|an overflowing bin|broken trolleys} in our store
d {Post is getting shares in the local neighbourhood group.|They tagged the store.} The photo was from {day}.
q! Tag yourselves, this is your local branch.
a Tidied the area and replied to the post with a thank-you.

@ praise staff_knowledge at=r ch=social,in_store ct=e6u4 w=2
s Customer posted a thank-you to {colleague} on social media
d Post in the local group saying {colleague} {found their lost wallet|helped their elderly dad|stayed late to help}. Lots of likes.
q Shout out to {colleague} at our local store – a star!

@ pain complaint_handling/marketing at=c ch=social ct=e5u5 sev=2-3 sw=.1 w=2
s Social media reply to a complaint was {a template|too slow|deleted}
d Customer complained publicly and got {a copy-paste answer|no answer for two days|their comment hidden}. They're now posting about the reply.
q A bot replied to me. Brilliant.
g Let the social team write real answers, signed with a first name.

@ praise website_app at=c ch=social,chat ct=e5u3p2
s Customer posted that our chat team sorted their {problem|delivery|refund} in {minutes|no time}
d {colleague} on chat fixed a delivery address issue before dispatch. The customer shared it publicly.
q Quickest customer service I've ever had.

@ idea advertising/marketing at=c ch=social,email ct=e4u4p2 sev=-
s Idea: share "you said, we did" changes {on social media|in a monthly post|in the newsletter}
d Customers often complain publicly but never hear what we fixed. {We could post the changes every month.|It would show we listen.}
g A monthly post with three things we changed because customers told us.

@ pain other at=* ch=other|other,email ct=e5u5 sev=1-2
s {Neighbour|Resident} complained about {delivery lorries at 5am|the car park lights|trolleys left on their street}
d {Lorries reverse with the alarm on before 6.|Our trolleys end up on the estate.} They're not a customer but live next door.
q We don't shop there but we live with you.
g Ask deliveries to arrive after 7.

@ pain other/facilities at=r ch=other,in_store ct=e5u5 sev=1-2
s Customer complained about {smokers at the entrance|people begging by the door|litter outside}
d Customers have to walk through it to get in. {Several mentions this week.|An older customer felt unsafe.}
q I don't feel comfortable coming in.
g A no-smoking sign and bins further from the door.

@ idea other/store_ops at=r ch=other,in_store ct=u8e2 sev=-
s Idea: a {"you said, we did"|"customer of the week"} board for feedback we've acted on
d Customers see the suggestion box but never what happens. A board by the entrance with what we changed would close the loop.
g A "you said, we did" board at the entrance.
"""
