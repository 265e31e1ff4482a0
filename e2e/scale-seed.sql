-- A busy store's Flock history for the scale measurement (issue: "cart page and order placement with 10 000
-- referrals and 1 000 granted rewards in the database"): 10 000 referrers, their invitations, link visits, judged
-- referrals and buyer identities, and 1 000 granted reward coupons — each a real, active nopCommerce discount with
-- Flock's requirement, as the plugin makes them. Synthetic customer ids (from 50 000 000) keep nopCommerce's own
-- customer tables as they are. Re-running adds nothing (guarded by the marker campaign id 9999).
--   su postgres -c "psql -d nop480 -v ON_ERROR_STOP=1 -f e2e/scale-seed.sql"
BEGIN;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "FlockReferrer" WHERE "CampaignId" = 9999) THEN
    RAISE NOTICE 'scale seed already present';
    RETURN;
  END IF;

  INSERT INTO "FlockReferrer" ("CustomerId","Code","CampaignId","Variant","IsBlocked","BlockedReason","CreatedOnUtc")
  SELECT 50000000 + g, 'SCALE' || lpad(g::text, 6, '0'), 9999, 'p5_c10', false, NULL, now() - (g || ' minutes')::interval
  FROM generate_series(1, 10000) g;

  INSERT INTO "FlockFriendCoupon" ("CouponCode","Variant","ReferrerId","FriendCustomerId","DiscountId","CampaignId","CreatedOnUtc","ExpiresOnUtc","UsedOrderId","OfferId","IpAddress")
  SELECT 'FLFSCALE', 'p5_c10', r."Id", 60000000 + (r."CustomerId" - 50000000), 0, 9999, r."CreatedOnUtc", r."CreatedOnUtc" + interval '30 days',
         70000000 + (r."CustomerId" - 50000000), 0, '10.9.' || ((r."CustomerId" % 250) + 1) || '.' || ((r."CustomerId" / 250 % 250) + 1)
  FROM "FlockReferrer" r WHERE r."CampaignId" = 9999;

  INSERT INTO "FlockVisit" ("Channel","Variant","IpAddress","ReferrerId","CampaignId","VisitorCustomerId","CreatedOnUtc")
  SELECT 'vk', 'p5_c10', '10.9.0.1', r."Id", 9999, 60000000 + (r."CustomerId" - 50000000), r."CreatedOnUtc"
  FROM "FlockReferrer" r WHERE r."CampaignId" = 9999;

  INSERT INTO "FlockReferral" ("Variant","EvidenceKind","Decision","Reason","OrderId","FriendCustomerId","ReferrerId","ReferrerCustomerId","CampaignId","OrderSubtotal","DiscountAmount","CreatedOnUtc")
  SELECT 'p5_c10', 'Coupon', CASE WHEN r."CustomerId" % 10 = 0 THEN 'Blocked' ELSE 'Rewarded' END, 'scale seed',
         70000000 + (r."CustomerId" - 50000000), 60000000 + (r."CustomerId" - 50000000), r."Id", r."CustomerId", 9999, 120, 6, r."CreatedOnUtc"
  FROM "FlockReferrer" r WHERE r."CampaignId" = 9999;

  INSERT INTO "FlockBuyerIdentity" ("KindId","Hash","OrderId","CustomerId","OrderCreatedOnUtc")
  SELECT k, md5('scale:' || k || ':' || g), 70000000 + g, 60000000 + g, now() - (g || ' minutes')::interval
  FROM generate_series(1, 10000) g CROSS JOIN generate_series(1, 4) k;

  INSERT INTO "FlockEvent" ("Kind","CampaignId","Variant","CustomerId","Channel","CreatedOnUtc")
  SELECT 'WidgetShown', 9999, 'p5_c10', 50000000 + g, 'thank-you', now() - (g || ' minutes')::interval
  FROM generate_series(1, 10000) g;

  -- 1 000 granted reward coupons: active nopCommerce discounts guarded by Flock's requirement
  CREATE TEMP TABLE scale_discount ON COMMIT DROP AS
  WITH inserted AS (
    INSERT INTO "Discount" ("Name","CouponCode","AdminComment","DiscountTypeId","UsePercentage","DiscountPercentage","DiscountAmount",
                            "StartDateUtc","EndDateUtc","RequiresCouponCode","IsCumulative","DiscountLimitationId","LimitationTimes",
                            "AppliedToSubCategories","IsActive")
    SELECT 'Flock: referrer reward FLRSCALE' || lpad(g::text, 5, '0'), 'FLRSCALE' || lpad(g::text, 5, '0'), 'scale seed', 20, true, 10, 0,
           now() - interval '1 day', now() + interval '29 days', true, false, 15, 1, false, true
    FROM generate_series(1, 1000) g
    RETURNING "Id", "CouponCode")
  SELECT * FROM inserted;

  INSERT INTO "FlockReward" ("CauseKey","State","EntryJson","GrantedCouponCode","BeneficiaryCustomerId","ReferralId","OrderId","CampaignId",
                             "RequiresApproval","GrantedDiscountId","CreatedOnUtc","UpdatedOnUtc","CostAmount","Version",
                             "PointsEntries","LegacyPointsApplied","NeedsFulfilment","FulfilmentAttempts")
  SELECT 'scale:' || d."CouponCode", 'Granted', coalesce((SELECT "EntryJson" FROM "FlockReward" WHERE "State" = 'Granted' AND "CampaignId" <> 9999 ORDER BY "Id" LIMIT 1), '{}'), d."CouponCode", 50000000 + d."Id", NULL, NULL, 9999,
         false, d."Id", now(), now(), 12, 1, 0, 0, false, 0
  FROM scale_discount d;

  INSERT INTO "DiscountRequirement" ("DiscountId","ParentId","DiscountRequirementRuleSystemName","InteractionTypeId","IsGroup")
  SELECT d."Id", NULL, 'Default requirement group', 0, true FROM scale_discount d;
  INSERT INTO "DiscountRequirement" ("DiscountId","ParentId","DiscountRequirementRuleSystemName","InteractionTypeId","IsGroup")
  SELECT g."DiscountId", g."Id", 'Misc.Flock', NULL, false
  FROM "DiscountRequirement" g JOIN scale_discount d ON d."Id" = g."DiscountId" WHERE g."IsGroup";

  INSERT INTO "FlockOffer" ("OfferKey","MotivationId","CouponCode","KindId","CampaignId","RewardId","DiscountId","RequirementId","CreatedOnUtc")
  SELECT 'reward:' || w."Id", NULL, w."GrantedCouponCode", 2, 9999, w."Id", w."GrantedDiscountId", q."Id", now()
  FROM "FlockReward" w JOIN "DiscountRequirement" q ON q."DiscountId" = w."GrantedDiscountId" AND NOT q."IsGroup"
  WHERE w."CampaignId" = 9999;
END $$;
COMMIT;
SELECT (SELECT count(*) FROM "FlockReferral") AS referrals, (SELECT count(*) FROM "FlockReward" WHERE "State" = 'Granted') AS granted_rewards,
       (SELECT count(*) FROM "Discount" WHERE "IsActive") AS active_discounts;
