"""What customers liked, and what staff and customers would change."""

TEXT = """
# ---- praise: people ---------------------------------------------------------------------

@ praise staff_knowledge at=r ch=in_store ct=e6u2p2 w=4
s Customer {praised|thanked} {colleague} for {their help|the advice} in {area}
s Lovely feedback for {colleague} – {really patient|went above and beyond|knew everything}
d {colleague} spent {mins} minutes helping them {choose {item}|find the right size|work out what they needed}. {Customer came back specially to say thank you.|They asked me to pass it on.|They said it's the reason they shop here.}
q {colleague} was brilliant, please tell the manager.
q Best service I've had in a shop for years.
q She didn't try to sell me the expensive one, she sold me the right one.
a Told {colleague} straight away.

@ praise staff_knowledge at=e ch=in_store ct=e5u2p3 w=2
s Customer impressed with the tech desk – {fixed their {bare} in minutes|set up their new laptop|moved all their photos}
d {They'd been to two other shops who couldn't help.|The fix was a setting, no charge.} {They bought {item} while they were here.|They said they'll come back for their next phone.}
q I thought I'd have to buy a new one. You saved me a fortune.
q You actually explained it so I understood.

@ praise staff_knowledge at=d ch=in_store ct=e5u2p3 w=2
s Customer thanked the {trade counter|paint desk|garden centre} for {advice on their project|sorting their order fast}
d {colleague} drew them a sketch of how to {fit the tiles|build the decking|fix the leak}. {The job went perfectly.|Customer came back to show us photos.}
q Your man saved me from a very expensive mistake.
q Better advice than the builder gave me.

@ praise complaint_handling at=* ch=in_store,phone|phone,chat,email ct=e8u2 w=3
s Customer happy with how we sorted their {refund|complaint|faulty {bare}}
s {Complaint|Problem} turned around – customer now {really happy|a fan}
d {They came in angry about a missed delivery and left smiling.|We swapped the {item} on the spot.|{colleague} rang them back when they said they would.} {They said they'll keep shopping with us.|They're going to change their review.}
q I came in ready for a fight and you just sorted it.
q That's how you keep customers.

@ praise contact_centre at=c ch=phone,chat,email ct=e8u2 w=3
s Caller {praised|thanked} {colleague} – {sorted in one call|really kind|patient with her mum}
s Lovely {email|chat} feedback for {colleague}
d {Customer had been passed around before; {colleague} took ownership and fixed it.|Elderly customer who isn't confident online; {colleague} walked them through the order.|Customer wrote in afterwards to say thank you.}
q Finally someone who listens.
q Please tell her boss she's a star.

@ praise staff_availability/hr at=r ch=in_store ct=e6u4
s Customer said the store {feels friendlier|has more staff around} since the changes
d {Regular customer noticed we now always have someone on the floor.|They said the new team is great.} {They mentioned the queues are shorter too.|They'd stopped coming for a while and came back.}
q It's much nicer in here now.
q You can actually find someone to ask these days.

@ praise accessibility at=r ch=in_store ct=e7u3 w=2
s Customer {in a wheelchair|with a guide dog|with dementia} thanked us for {the help|the patience}
d {colleague} went round the store with them and packed their bags. {Their carer said it's the only shop they're comfortable in.|They come in every week at the same time now.}
q You make me feel welcome here. That's rare.
q The quiet hour has changed shopping for us.

@ praise accessibility at=r ch=in_store ct=e6u4
s {Parents|A family|A mum} thanked us for the quiet hour{| on {day}s}
d Family with an autistic son said the quiet hour on {day} mornings means they can shop together for the first time. They asked us to keep it.
q It's the first time we've managed a full shop together.

# ---- praise: products, prices, places -----------------------------------------------------

@ praise product_quality at=g ch=in_store ct=e6u4 w=3
s Customer loves our {bakery|fresh fish|own-brand {bare}|new {bare}}
s Compliments on the {bakery|fruit and veg|deli} today
d {Said the sourdough is better than the bakery in town.|The veg lasts all week now.|They came back for a second pack of {item}.} {Asked us to never change it.|Told us they've recommended us to friends.}
q Whatever you're doing with the bread, don't stop.
q Best {item} I've had from a supermarket.

@ praise product_quality at=f ch=in_store,social ct=e6u2p2 w=2
s Customer {says|posted that} {item} {still looks new after a year|is the best fit they've found}
d {Came back for a second one in another colour.|Bought it last year and it still looks new.|Tagged us in a post with lots of likes.}
q I've bought this jumper in four colours now.

@ praise product_quality at=e ch=in_store,web_app ct=e6u4
s Customer {really happy|delighted} with {item} – {buying another for family|better than expected}
d {They'd compared online for weeks and picked ours because of the advice.|They said the set-up took five minutes.}
q Best thing I've bought all year.

@ praise range_gap/product at=r ch=in_store ct=e5u3p2 w=2
s Customer thrilled we now stock {item}
s Customer thanked us for bringing back {item}
d {They'd asked for it months ago.|It was delisted last year and people kept asking.} They bought {n}.
q You listened! I asked for this ages ago.

@ praise price_label/pricing at=r ch=in_store ct=e6u2p2 w=2
s Customer said our prices on {item} are {the best in town|better than online}
s Customer pleased with the price match
d {They'd checked three shops and the website.|We matched the price without any fuss.} {They did their whole shop here instead.|They bought two.}
q Cheaper than online and I can take it home today.

@ praise promotion at=r ch=in_store,email ct=e7u3
s Customer loved the {weekend offer|loyalty voucher|student discount}
d {The voucher came at just the right time.|They saved {amount} on their shop.} They said the offers are actually worth it now.
q That voucher paid for my lunch, thanks!

@ praise loyalty at=r ch=in_store,web_app|phone,chat,web_app ct=e9u1 w=2
s Customer happy with the new loyalty app{| – points appear instantly}
d {Points now show at the till straight away.|They used their points for a free {item}.} They said it's the first loyalty scheme that feels worth it.
q I actually use this one.

@ praise store_environment at=r ch=in_store ct=e6u4 w=3
s Customer said the store looks {great|really clean|much better} since the {refit|tidy-up}
s Compliments on the {new layout|window display|clean toilets|Christmas decorations}
d {They said they can find things now.|The new lighting makes a big difference.|They noticed the toilets are always clean now.}
q It's like a different shop.
q Whoever did the window, it's gorgeous.

@ praise parking at=r ch=in_store ct=e6u4
s Customer pleased with the {free first hour of parking|new parent bays|bike racks}
d They said it's the reason they come here rather than the retail park.
q The free hour makes all the difference.

@ praise self_checkout/it at=g ch=in_store ct=e6u4
s Customers like the {new|updated} self-checkouts – far fewer alerts
d Several regulars mentioned the self-checkouts work much better since the update. {Quicker at lunchtime.|No more waiting for approval every time.}
q They actually work now!

@ praise queue_wait at=r ch=in_store ct=e6u4 w=2
s Customer noticed the queues are much shorter on {day}s now
d Regular shopper said the {extra till|queue-buster} makes Saturdays bearable. {In and out in ten minutes.|They used to avoid weekends.}
q Whatever you did on Saturdays, it's working.

# ---- praise: remote --------------------------------------------------------------------

@ praise delivery_late/shipping at=* ch=delivery,email|phone,email,chat,delivery ct=e7u3 w=3
s Customer praised the {delivery driver|two-person crew|courier} for {being so careful|setting everything up|taking the old one away}
s Delivery {early|on time|next day} – customer very happy
d {The driver called ahead and carried it upstairs.|They took the packaging away and tested it works.|Arrived next day even though we said three.} Customer wrote in to say thanks.
q The drivers were so polite and careful.
q Ordered on Monday, arrived Tuesday morning. Brilliant.

@ praise click_collect at=r ch=in_store,web_app ct=e7u3 w=2
s Click and collect {super quick|ready in an hour|easy} – customer {impressed|happy}
d Order was ready {in an hour|before the email even came}. {Customer was in and out in two minutes.|They'd been worried they'd have to queue.}
q Two minutes! Easier than going to the post office.

@ praise website_app at=* ch=web_app,in_store|web_app,chat,email ct=e6u2p2 w=2
s Customer likes the new {app|website|stock checker|order tracking}
d {They said finding things is much easier.|The live tracking meant they didn't have to wait in all day.|The stock checker was right for once.}
q The new app is actually good.

@ praise refund at=* ch=in_store,email|phone,email,chat ct=e8u2 w=2
s Refund {quick|same day|hassle-free} – customer impressed
d {The refund was on their card before they got home.|We took back {item} without a receipt by finding the payment.} {They said they'll shop with us more because of it.|They were expecting a battle.}
q That was painless, thank you.

@ praise invoice_error/invoicing at=dc ch=email,in_store|email,phone ct=e8u2
s {Trade|Business} customer thanked us for sorting their {invoices|statements}
d After months of problems their statements are finally right. {They've increased their monthly orders.|Their accountant is happy.}
q Finally. Thank you.

@ praise advertising/marketing at=r ch=in_store,social|social,email ct=e5u3p2
s Customer loved our {Christmas ad|new TV ad}
d They said the ad made them cry{| and they'd shared it with the family}.
q That advert was lovely.

@ praise advertising/marketing at=r ch=in_store,social|social,email ct=e6u4
s Customer {loved|said thank you for} our {charity partnership|food bank collection}
d They liked that we support the local food bank{| and dropped off a bag of shopping for it}.
q It's good to see a shop giving something back.

@ praise other at=* ch=other,in_store|phone,email,other ct=e5u3f2
s Former customer came back and said {it's much better now|they missed us}
d {They left last year after a bad delivery.|They moved away and came back to the area.} Said the difference in service is clear.
q I'm glad I gave you another chance.

# ---- ideas: customers and staff --------------------------------------------------------
# Each block is one idea, so that the summary, details and suggestion agree.

@ idea queue_wait at=r ch=in_store ct=e5u5 sev=- w=2
s Idea: a {basket-only|quick} till at peak times
s Idea from a {customer|regular}: a basket-only till {on Saturdays|at lunchtime}
d Customers with a few items wait behind full trolleys. {A customer suggested it.|We saw it at another store.}
g Open a basket-only till from 12 to 2 and on Saturdays.
q Why not have a quick till for people with a basket?

@ idea queue_wait at=r ch=in_store ct=u6e4 sev=-
s Idea: a queue-buster handset {on Saturdays|for busy times}
d One person with a handset could take card payments in the queue and clear half of it. {The handset is in a drawer in the office.|Other stores use theirs every weekend.}
g Give the floor team a handset to take payments in the queue.

@ idea staff_knowledge/hr at=r ch=in_store,other ct=u8e2 sev=-
s Idea: {short product sessions before opening|ten-minute product briefings on {day}s}
d Customers ask the same questions every week and half the team can't answer them. {10 minutes before opening would do it.|The supplier offered to come in.}
g A 10-minute product session before opening once a week.

@ idea staff_knowledge/hr at=r ch=other,in_store ct=u9e1 sev=-
s Idea: {a buddy for every new starter|pair new starters with someone experienced}
d New starters learn by asking around and customers notice. {Two new people this month.|It would take the pressure off the team leads.}
g Pair every new starter with someone experienced for their first month.

@ idea out_of_stock/stock at=r ch=in_store ct=e5u5 sev=- w=2
s Idea: order {item} for customers at the till when it's out
s Idea: {home delivery from the till|"we'll send it to you"} for out-of-stock lines
d Customers leave when {item} is out; we could keep the sale. {n} people asked about it this week.
g Let us order out-of-stock items to the customer's home from the till, free delivery.
q Can't you just send it to me?

@ idea out_of_stock/stock at=r ch=in_store ct=u8e2 sev=-
s Idea: a gap check at {3pm|2pm|lunchtime} as well as the morning
d By the afternoon {area} has gaps, and the after-work customers find empty shelves.
g Ten minutes of gap-filling at 3pm, on the rota.

@ idea out_of_stock/stock at=r ch=in_store,web_app ct=e6u4 sev=-
s Idea: a "tell me when it's back" sign-up for {item}
d Customers ask when {item} is back and we can't tell them. A text when it lands would bring them back.
g A back-in-stock text from the app, per store.

@ idea range_gap/product at=r ch=in_store,social|email,chat,social ct=e5u2p3 sev=- w=2
v idea: stock local producers | sell refills for cleaning products | sell spare parts for {item}
s Idea from a customer: {idea}
d Customer suggested we {idea}. {Several customers have said the same.|There's nothing like it nearby.}
g Try it in one bay for three months.
q I'd buy it here every week if you did.

@ idea range_gap/product at=d ch=in_store ct=e5u3p2 sev=-
s Idea: rent out {the big tools|tile cutters and floor sanders} instead of selling them
d Customers need a tile cutter or a floor sander once. They don't buy, they go to a hire shop.
g Hire at the trade counter, deposit by card.
q I only need it for one weekend.

@ idea product_quality/product at=g ch=in_store ct=e5u5 sev=-
s Idea: sell "wonky" {fruit and veg|apples and carrots} cheaper
d Customers ask for the odd-shaped fruit at a discount. Less waste, happier customers.
g A "wonky" box of fruit and veg at half price.

@ idea product_quality/product at=g ch=in_store,other ct=u8e2 sev=-
s Idea: {donate end-of-day bakery|give the bakery leftovers to the food bank}
d We throw away {a lot of|trays of} bread at closing. The food bank round the corner would collect every evening.
g Bakery leftovers to the food bank every evening.

@ idea store_environment/facilities at=r ch=in_store ct=e5u5 sev=- w=2
v idea: a water fountain | a phone charging point | seats by the entrance | umbrella bags when it rains
s Idea: {idea}
s Customer idea: {idea}{| near the tills}
d Customers ask for it {every week|more and more}. A small thing that costs almost nothing.
g Put {idea} by the entrance.
q It'd be nice to have this here.

@ idea accessibility/facilities at=r ch=in_store ct=e5u5 sev=- w=2
v idea: a quiet hour | magnifiers at the shelves | a sunflower lanyard scheme | a priority till for people who can't stand long
s Idea: {idea}
s Idea from a customer: {idea}
d Customers with {hidden disabilities|poor eyesight|chronic pain} find shopping here hard. {Other chains do it.|Costs very little.}
g Start {idea} as a trial and see how it goes.

@ idea parking/facilities at=r ch=in_store ct=e5u5 sev=-
v idea: electric car chargers | a bike repair stand | parcel lockers
s Idea: {idea} in the car park
d Customers ask about {idea} {every week|more and more}. {The landlord might share the cost.|It would bring people in.}
g Ask the landlord if we can put {idea} in.

@ idea click_collect/shipping at=r ch=in_store,web_app|web_app,phone,chat ct=e6u4 sev=- w=2
s Idea: collection lockers for {out-of-hours pickup|evening collections}
d Customers who work late can't collect before we close. Lockers would free up the desk too.
g Parcel lockers by the entrance, open 24/7.

@ idea click_collect/shipping at=r ch=in_store,web_app ct=e6u4 sev=-
s Idea: {text|message} customers when the order is actually on the shelf
d The "ready" email comes before the order arrives, so people come too early.
g Send the message when the order is scanned in store.

@ idea delivery_late/shipping at=* ch=delivery,phone|phone,chat,email ct=e6u4 sev=- w=2
v idea: let customers pick a 2-hour slot | show the driver on a map | let customers choose a safe place
s Idea: {idea}
d Most delivery complaints are about waiting in. If we {idea}, fewer people would call.
g {idea}, starting with the busiest postcodes.
q Just tell me when it's coming and I'll be in.

@ idea website_app/it at=* ch=web_app,in_store|web_app,chat,phone ct=e5u3p2 sev=- w=2
s Idea: show aisle numbers in the app
s Idea: a shopping list in the app that sorts by aisle
d Customers use their phones in store anyway and ask where things are all day.
g Add the aisle to each product in the app.
q If the app told me which aisle, I wouldn't have to ask.

@ idea website_app/it at=* ch=web_app,in_store|web_app,chat ct=e5u3p2 sev=-
s Idea: show stock {per size|per size and colour} for our store in the app
d Customers want to know if their size is in before they come. They ring us or just don't come.
g Stock by size and colour for each store in the app.

@ idea self_checkout/it at=g ch=in_store,web_app ct=e6u4 sev=-
s Idea: scan-as-you-shop {with the app|for loyalty members}
d Regulars would scan as they go and skip the tills. Other chains do it.
g Scan-as-you-shop for loyalty members, with random checks.

@ idea contact_centre/customer_service at=c ch=phone,chat,email ct=e5u5 sev=- w=2
v idea: a callback instead of holding | one case number across phone, chat and email | support on messaging apps | screen sharing for app problems
s Idea: {idea}
s Idea from the team: {idea}
d {We talked about this at the huddle.|Other companies already do it.} It would cut repeat contacts a lot.
g {idea} – a trial on one team first.

@ idea complaint_handling/customer_service at=* ch=in_store,phone|phone,email,chat ct=e5u5 sev=- w=2
v idea: let us fix small problems on the spot | a goodwill budget per shift | a follow-up call a week after a complaint
s Idea: {idea}
d We send customers away to call the helpline for things we could sort in two minutes. {A small gesture on the spot would save a lot of calls.|Customers would feel heard.}
g {idea}, with a limit per week.

@ idea invoice_error/invoicing at=dc ch=in_store,email|email,phone ct=e6u4 sev=- w=2
v idea: e-invoices for trade customers | company details saved on the trade card | a monthly statement by email
s Idea: {idea}
d Trade customers ask for proper invoices for every visit. {We write them by hand now.|It takes {mins} minutes each.}
g {idea}, straight from the till.

@ idea refund/accounting at=* ch=in_store,phone|phone,email,chat ct=e6u4 sev=- w=2
v idea: instant refunds to card for small amounts | a refund tracker in the app | an email when the refund is sent
s Idea: {idea}
d Most refund calls are "where is my money". {idea} would cut those calls.
g {idea} – start with online orders.

@ idea payment/accounting at=r ch=in_store ct=e5u5 sev=-
v idea: accept meal vouchers | split payment between card and gift card | pay by phone at every till
s Idea: {idea}
d Customers ask {every week|several times a day}. {Other shops nearby do it.|We lose the sale when we say no.}
g Check with the payment provider if we can {idea} this year.

@ idea promotion/pricing at=r ch=in_store,email|email,chat ct=e6u4 sev=- w=2
v idea: personal offers based on what customers buy | telling customers about offers at the till | price drop alerts
s Idea: {idea}
d Customers miss the offers they'd actually want; the weekly leaflet goes straight in the bin. {A customer suggested it.|Loyalty data could do this.}
g Try {idea} with loyalty members first.

@ idea loyalty/marketing at=r ch=in_store,web_app|phone,email,web_app ct=e7u3 sev=- w=2
v idea: double points on quiet days | points for bringing your own bags | points for recycling old electricals | a family loyalty account
s Idea: {idea}
s Customer suggestion: {idea}
d A regular suggested it {at the till|when signing up}. {Regulars would love it.|It would give people a reason to come back.}
g Trial {idea} for a month.

@ idea advertising/marketing at=r ch=in_store,social|social,email ct=e5u3p2 sev=-
v idea: a workshop on tiling | cooking demos | a kids' craft morning | a repair café
s Idea: {idea} in store
d Customers asked about {idea}. {Would bring new customers in.|The community room is empty on weekends.}
g {idea} on a Saturday morning once a month.

@ idea self_checkout/it at=g ch=in_store ct=e5u5 sev=-
s Idea: {a one-time age check in the app|digital ID} for self-checkout
d Age checks hold up the whole row of self-checkouts. A one-time ID check in the app would fix it.
g Digital ID for age-restricted items.

@ idea staff_availability/hr at=r ch=other,in_store ct=u9e1 sev=- w=2
v idea: swap shifts in an app | a floater on busy days | the rota published four weeks ahead
s Idea from the team: {idea}
d {Swapping shifts means phoning round the whole team.|The rota comes out a week ahead, which is hard with kids.|Busy days leave the floor empty.} It would help cover and cut sick days.
g {idea}.

@ idea store_environment/store_ops at=r ch=in_store,other ct=u8e2 sev=-
s Idea: move {item} next to {item2}
d Customers keep asking where {item} is because it's nowhere near {item2}. Would save a lot of walking and help sales.
g Try it for a month and see if the questions stop.
"""
