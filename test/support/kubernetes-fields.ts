// Unknown-field check for Kubernetes manifests, like `kubectl apply`'s strict field validation: the
// JSON schemas of kubernetes-models accept fields they do not know, so every key is looked up in
// the model classes of @kubernetes/client-node (their attributeTypeMap names each field and type).
import * as k8s from '@kubernetes/client-node';

type AttributeMap = Array<{ baseName: string; type: string }>;
const models = k8s as unknown as Record<string, { getAttributeTypeMap?: () => AttributeMap } | undefined>;

/** Paths of the keys in `value` that the model `type` (e.g. "V1Deployment") does not have. */
export function unknownFields(value: unknown, type: string, at = ''): string[] {
  if (value === null || value === undefined) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((item, i) => unknownFields(item, array[1]!, `${at}[${i}]`)) : [];
  const record = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (record) return Object.entries(value as object).flatMap(([k, v]) => unknownFields(v, record[1]!, `${at}.${k}`));
  const attributes = models[type]?.getAttributeTypeMap?.();
  if (!attributes || typeof value !== 'object') return []; // primitives, IntOrString, Quantity ...
  const known = new Map(attributes.map((a) => [a.baseName, a.type]));
  return Object.entries(value as object).flatMap(([key, child]) => {
    const childType = known.get(key);
    return childType === undefined ? [`${at}.${key}`] : unknownFields(child, childType, `${at}.${key}`);
  });
}
