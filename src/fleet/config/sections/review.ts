import { z } from 'zod';

// The `review:` section. Read by the pull-request review (src/github/review-config.ts); the fleet
// itself ignores it, but the file schema still checks it so a typo is reported where it is.
export const reviewSchema = z.object({ showTenantIds: z.boolean().optional() }).strict();
