import { z } from 'zod';
import { SEARCH_KINDS } from '../search/match';

export const searchResultSchema = z.object({
  q: z.string(),
  groups: z.array(
    z.object({
      kind: z.enum(SEARCH_KINDS),
      items: z.array(
        z.object({
          kind: z.enum(SEARCH_KINDS),
          id: z.string(),
          title: z.string(),
          detail: z.string(),
          href: z.string().describe('The page of the result in the web UI'),
          score: z.number(),
        }),
      ),
    }),
  ),
  total: z.number().int(),
});

export const alertCountsSchema = z.object({ firing: z.number().int(), pending: z.number().int() });
